//! Signing in and out. The answer to a wrong e-mail address and a wrong password is the same, and
//! after too many failures even the right password waits.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use store::accounts::SignIn;

use crate::caller::session_cookie;
use crate::extract::{ClientAddress, FormInput};
use crate::views::{Field, FormPage, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/sign-in", get(form).post(sign_in)).route("/sign-out", post(sign_out))
}

#[derive(Debug, Default, Deserialize)]
pub struct Next {
    next: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct SignInInput {
    email: Option<String>,
    password: Option<String>,
    next: Option<String>,
}

/// Only a path on this site is a place to go back to.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_string()
        }
        _ => "/".into(),
    }
}

fn page(email: &Option<String>, next: &str) -> FormPage {
    let mut page =
        FormPage::new("Sign in", "sign-in", "/sign-in".into(), String::new()).fields(vec![
            Field::hidden("next", &Some(next.to_string())),
            Field::email("email", "E-mail address", email),
            Field::password("password", "Password", "current-password"),
        ]);
    page.submit = "Sign in";
    page
}

async fn form(Query(next): Query<Next>) -> Response {
    page(&None, &safe_next(next.next.as_deref())).respond()
}

async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    FormInput(input): FormInput<SignInInput>,
) -> Result<Response> {
    let next = safe_next(input.next.as_deref());
    let email = input.email.clone().unwrap_or_default();
    let password = input.password.clone().unwrap_or_default();
    if email.trim().is_empty() || password.is_empty() {
        let message = "Enter your e-mail address and your password";
        let page = page(&input.email, &next).with_message("email", message.into());
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    let outcome = state.store.sign_in(&email, &password, &address).await?;
    let status = match outcome {
        SignIn::Right(user) => {
            let token = state.store.start_session(user).await?;
            let cookie = state.settings.session_cookie(&token);
            return Ok((
                [(header::SET_COOKIE, cookie), (header::CACHE_CONTROL, "no-store".into())],
                Redirect::to(&next),
            )
                .into_response());
        }
        SignIn::Refused => StatusCode::UNPROCESSABLE_ENTITY,
        SignIn::Wait { .. } => StatusCode::TOO_MANY_REQUESTS,
    };
    let message = outcome.refusal().unwrap_or_default();
    let page = page(&input.email, &next).with_message("email", message);
    Ok((status, render(&page)).into_response())
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    if let Some(secret) = session_cookie(&headers, state.settings.cookie_name()) {
        state.store.end_session(&secret).await?;
    }
    let cleared = state.settings.cleared_cookie();
    Ok(([(header::SET_COOKIE, cleared)], Redirect::to("/sign-in")).into_response())
}
