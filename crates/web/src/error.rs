//! One error type for the web layer, answered as JSON under `/api` and as a page elsewhere.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::FieldError;
use serde::Serialize;

/// What a handler can fail with. Rule breaks carry their fields; anything unexpected is logged
/// with context and shown as a plain message with no details.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Someone else got there first: the last bed, or an answer to the same request.
    #[error("conflict")]
    Conflict(Vec<FieldError>),
    #[error("forbidden")]
    Forbidden,
    #[error("request body too large")]
    TooLarge,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl From<store::Error> for AppError {
    fn from(error: store::Error) -> Self {
        match error {
            store::Error::NotFound => AppError::NotFound,
            store::Error::Forbidden => AppError::Forbidden,
            store::Error::Invalid(invalid) => AppError::Invalid(invalid.fields().to_vec()),
            store::Error::Conflict(conflict) => AppError::Conflict(conflict.fields().to_vec()),
            other => AppError::Unexpected(other.to_string()),
        }
    }
}

impl From<domain::Error> for AppError {
    fn from(error: domain::Error) -> Self {
        AppError::Invalid(error.fields().to_vec())
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The sentence shown to a person: never the details of an unexpected failure.
    pub fn public_message(&self) -> String {
        match self {
            AppError::NotFound => {
                "Page not found. Check the address, or go back and try again.".into()
            }
            AppError::Invalid(_) => "Some answers need correcting.".into(),
            AppError::Conflict(fields) => {
                fields.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join(" ")
            }
            AppError::Forbidden => {
                // Said to every role, the programme lead's and the service manager's too.
                "Your role does not allow this change. If you need to make it, ask whoever gave \
                 you your role."
                    .into()
            }
            AppError::TooLarge => "What was sent is too large. Send less at a time.".into(),
            AppError::BadRequest(message) => message.clone(),
            AppError::Unexpected(_) => {
                "Sorry, there is a problem with the service. Try again later.".into()
            }
        }
    }

    fn log(&self) {
        if let AppError::Unexpected(detail) = self {
            tracing::error!(%detail, "request failed");
        }
    }
}

/// The API's error body: `{"errors":[{"field":…,"message":…}]}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub errors: Vec<FieldError>,
}

/// An [`AppError`] answered as JSON.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let errors = match &self.0 {
            AppError::Invalid(fields) | AppError::Conflict(fields) => fields.clone(),
            other => vec![FieldError::new("", other.public_message())],
        };
        (self.0.status(), Json(ErrorBody { errors })).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let page = crate::views::ErrorPage::new(status, self.public_message());
        (status, crate::views::render(&page)).into_response()
    }
}
