//! Reading requests: JSON bodies and forms that name the failing field, lenient list queries,
//! and ids in paths that are "not found" when they are not ids at all.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use domain::{FieldError, Id, PageRequest};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, AppError};

/// A JSON body; a value of the wrong type answers 422 naming the field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        parse(&json_body(req, state).await?).map(ApiJson)
    }
}

/// A JSON body that may be left out: an empty body, sent with a length or in chunks, reads as
/// the default.
pub struct MaybeJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for MaybeJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_body(req, state).await?;
        if bytes.trim_ascii().is_empty() {
            return Ok(MaybeJson(T::default()));
        }
        parse(&bytes).map(MaybeJson)
    }
}

/// The whole body, within the size limit.
async fn json_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Ok(Bytes::from_request(req, state).await.map_err(|e| match too_large(&e) {
        Some(error) => error,
        None => AppError::Invalid(vec![FieldError::new("", e.body_text())]),
    })?)
}

/// Reads JSON; a value of the wrong type answers 422 naming the field.
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let field = error.path().to_string();
        let field = if field == "." { String::new() } else { field };
        let message = if field.is_empty() {
            "the body must be a JSON object".to_string()
        } else {
            "has the wrong type: send text, a number or true/false".to_string()
        };
        ApiError(AppError::Invalid(vec![FieldError::new(field, message)]))
    })
}

/// A body over the size limit is answered 413, whatever it held.
fn too_large(rejection: &axum::extract::rejection::BytesRejection) -> Option<AppError> {
    (rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE).then_some(AppError::TooLarge)
}

/// An HTML form body (`application/x-www-form-urlencoded`).
pub struct FormInput<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormInput<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            too_large(&e).unwrap_or_else(|| {
                AppError::BadRequest("The form could not be read. Go back and try again.".into())
            })
        })?;
        let unreadable =
            || AppError::BadRequest("The form could not be read. Go back and try again.".into());
        // Ticked boxes of one name arrive as repeated keys: they are joined with commas.
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| unreadable())?;
        let mut joined: Vec<(String, String)> = Vec::new();
        for (key, value) in pairs {
            match joined.iter_mut().find(|(k, _)| *k == key) {
                Some((_, existing)) => {
                    existing.push(',');
                    existing.push_str(&value);
                }
                None => joined.push((key, value)),
            }
        }
        let encoded = serde_urlencoded::to_string(&joined).map_err(|_| unreadable())?;
        serde_urlencoded::from_str(&encoded).map(FormInput).map_err(|_| unreadable())
    }
}

/// A list's query string: page, size, search and filters. Anything unreadable is ignored
/// rather than refused, so an old bookmark still opens a list.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub q: Option<String>,
    pub service_id: Option<String>,
    pub constellation_id: Option<String>,
    pub household_id: Option<String>,
    pub child_id: Option<String>,
    pub status: Option<String>,
    pub month: Option<String>,
    pub made_by: Option<String>,
    pub quarter: Option<String>,
    /// A roll-up's month, quarter or financial year.
    pub period: Option<String>,
    /// The key of a figure of the monthly return, for its trend.
    pub figure: Option<String>,
    /// A region's name, for its trend.
    pub region: Option<String>,
}

impl ListParams {
    pub fn page_request(&self) -> PageRequest {
        let number =
            |raw: &Option<String>| raw.as_deref().and_then(|s| s.trim().parse::<u32>().ok());
        PageRequest::new(number(&self.page), number(&self.per_page), self.q.as_deref())
    }

    /// A filter id; one that is not an id answers 422 naming the parameter.
    pub fn id(&self, name: &str) -> Result<Option<Id>, AppError> {
        let raw = match name {
            "service_id" => &self.service_id,
            "constellation_id" => &self.constellation_id,
            "child_id" => &self.child_id,
            "made_by" => &self.made_by,
            _ => &self.household_id,
        };
        match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                AppError::Invalid(vec![FieldError::new(name, "must be the id of a record")])
            }),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ListParams {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        Ok(serde_urlencoded::from_str(query).unwrap_or_default())
    }
}

impl ListParams {
    /// A status word to filter by; an unknown word answers 422 naming the valid ones.
    pub fn choice<T: domain::Choice>(
        &self,
        name: &str,
        raw: &Option<String>,
    ) -> Result<Option<T>, AppError> {
        match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(text) => T::parse(text).map(Some).ok_or_else(|| {
                AppError::Invalid(vec![FieldError::new(
                    name,
                    format!("must be one of {}", T::words()),
                )])
            }),
        }
    }

    /// The quarter asked for, or this quarter.
    pub fn quarter(&self) -> Result<domain::support::Quarter, AppError> {
        match self.quarter.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(domain::support::Quarter::of(domain::Date::today())),
            Some(text) => domain::support::Quarter::parse(text)
                .map_err(|message| AppError::Invalid(vec![FieldError::new("quarter", message)])),
        }
    }

    /// The month asked for, or this month.
    pub fn month(&self) -> Result<domain::Month, AppError> {
        Ok(self.opt_month()?.unwrap_or_else(|| domain::Date::today().month()))
    }

    /// The month asked for, if one is.
    pub fn opt_month(&self) -> Result<Option<domain::Month>, AppError> {
        match self.month.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(text) => domain::Month::parse(text)
                .map(Some)
                .map_err(|message| AppError::Invalid(vec![FieldError::new("month", message)])),
        }
    }
}

/// Reads an id from a path; text that is not an id is simply not found.
pub fn path_id(text: &str) -> Result<Id, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// The address a request came from, for counting failed sign-ins; `local` when the router is
/// called without a socket, as tests do.
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "local".into());
        Ok(ClientAddress(address))
    }
}
