//! Who is asking, and so what they may reach: a signed-in person's session cookie, or an API
//! token sent as `Authorization: Bearer …`. Nobody signed in reaches nothing but the sign-in page.

use axum::extract::{FromRef, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Id, Scope};
use store::accounts::Account;

use crate::error::ApiError;
use crate::{AppError, AppState};

/// The caller of a request.
pub struct Caller {
    pub id: Id,
    pub name: String,
    pub email: String,
    pub scope: Scope,
    /// The session's own secret, when the caller came with a cookie.
    pub session: Option<String>,
}

impl Caller {
    fn from(account: Account, session: Option<String>) -> Self {
        Caller {
            id: account.id,
            name: account.name,
            email: account.email,
            scope: account.scope,
            session,
        }
    }
}

/// The request's full path, even inside a nested router.
pub fn full_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<OriginalUri>()
        .map(|u| u.0.path().to_string())
        .unwrap_or_else(|| parts.uri.path().to_string())
}

/// The session secret from the request's cookie, if any.
pub fn session_cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|line| {
        line.split(';').find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.to_string())
        })
    })
}

impl<S: Send + Sync> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let path = full_path(parts);
        let api = path.starts_with("/api/");
        let fail = |error: AppError| {
            if api { ApiError(error).into_response() } else { error.into_response() }
        };
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(secret) = bearer {
            return match state.store.token_account(secret).await {
                Ok(Some(account)) => Ok(Caller::from(account, None)),
                Ok(None) => {
                    Err(unauthorised("The API token is not valid, or has expired or been revoked."))
                }
                Err(error) => Err(fail(error.into())),
            };
        }
        let cookie = session_cookie(&parts.headers, state.settings.cookie_name());
        if let Some(secret) = cookie {
            match state.store.session(&secret, state.settings.limits).await {
                Ok(Some(account)) => return Ok(Caller::from(account, Some(secret))),
                Ok(None) => {}
                Err(error) => return Err(fail(error.into())),
            }
        }
        if api {
            Err(unauthorised("Sign in first: send an API token as Authorization: Bearer …"))
        } else {
            let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            let next = serde_urlencoded::to_string([("next", format!("{path}{query}"))])
                .unwrap_or_default();
            Err(Redirect::to(&format!("/sign-in?{next}")).into_response())
        }
    }
}

fn unauthorised(message: &str) -> Response {
    let mut response = ApiError(AppError::BadRequest(message.into())).into_response();
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    response
}
