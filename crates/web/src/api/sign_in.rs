//! Signing in through the API: an e-mail address and password give a short-lived API token, for
//! integrations that cannot hold a token made on the account page. The same limit on failed
//! tries applies as on the sign-in page.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use domain::FieldError;
use serde::{Deserialize, Serialize};
use store::accounts::SignIn;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ClientAddress};
use crate::{AppError, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/sign-in", post(sign_in))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct SignInInput {
    email: Option<String>,
    password: Option<String>,
}

/// A new API token: send it as `Authorization: Bearer …` until it expires.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SignedIn {
    token: String,
    /// Unix seconds.
    expires_at: i64,
}

/// Sign in: answers a token lasting as long as a session may (12 hours unless configured).
#[utoipa::path(post, path = "/api/v1/sign-in", tag = "sign-in", request_body = SignInInput,
    responses((status = 201, body = SignedIn), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(input): ApiJson<SignInInput>,
) -> Result<Response, ApiError> {
    let email = input.email.unwrap_or_default();
    let password = input.password.unwrap_or_default();
    let mut missing = Vec::new();
    if email.trim().is_empty() {
        missing.push(FieldError::new("email", "is required"));
    }
    if password.is_empty() {
        missing.push(FieldError::new("password", "is required"));
    }
    if !missing.is_empty() {
        return Err(AppError::Invalid(missing).into());
    }
    let refused = |status: StatusCode, outcome: &SignIn| {
        let message = outcome.refusal().unwrap_or_default();
        let body = ErrorBody { errors: vec![FieldError::new("", message)] };
        (status, axum::Json(body)).into_response()
    };
    let outcome = state.store.sign_in(&email, &password, &address).await?;
    match outcome {
        SignIn::Right(user) => {
            let lasting = state.settings.limits.absolute;
            let (made, token) = state
                .store
                .create_token_lasting(user, "signed in through the API", lasting)
                .await?;
            let signed_in = SignedIn { token, expires_at: made.expires_at };
            Ok((StatusCode::CREATED, axum::Json(signed_in)).into_response())
        }
        SignIn::Refused => Ok(refused(StatusCode::UNAUTHORIZED, &outcome)),
        SignIn::Wait { minutes } => {
            let mut response = refused(StatusCode::TOO_MANY_REQUESTS, &outcome);
            if let Ok(value) = (minutes * 60).to_string().parse() {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
    }
}
