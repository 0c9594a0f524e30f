//! The caller's own settings: which e-mails they get, and their private calendar address.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use domain::sleepovers::{ChoicesInput, NotificationChoices};
use serde::Serialize;

use super::{ApiResult, Created, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/notifications", get(notifications).put(set_notifications))
        .route("/account/calendar-feed", post(new_feed).delete(revoke_feeds))
}

/// Which e-mails the caller chose to get.
#[utoipa::path(get, path = "/api/v1/account/notifications", tag = "account",
    responses((status = 200, body = NotificationChoices), (status = 401, body = ErrorBody)))]
pub async fn notifications(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<NotificationChoices> {
    json(state.store.notification_choices(&caller.scope).await?)
}

/// Choose which e-mails to get; a choice left out is "no".
#[utoipa::path(put, path = "/api/v1/account/notifications", tag = "account", request_body = ChoicesInput,
    responses((status = 200, body = NotificationChoices), (status = 422, body = ErrorBody)))]
pub async fn set_notifications(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ChoicesInput>,
) -> ApiResult<NotificationChoices> {
    let choices = NotificationChoices::parse(&input)?;
    json(state.store.set_notification_choices(&caller.scope, &choices).await?)
}

/// A private calendar address, shown once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Feed {
    /// The path to add to a calendar app, after the site's address.
    pub path: String,
}

/// Make a new private calendar address; earlier ones keep working until revoked.
#[utoipa::path(post, path = "/api/v1/account/calendar-feed", tag = "account",
    responses((status = 201, body = Feed), (status = 401, body = ErrorBody)))]
pub async fn new_feed(State(state): State<AppState>, caller: Caller) -> Created<Feed> {
    let secret = state.store.create_feed(&caller.scope).await?;
    created(Feed { path: format!("/calendar/{secret}.ics") })
}

/// Revoke every calendar address of the caller's.
#[utoipa::path(delete, path = "/api/v1/account/calendar-feed", tag = "account",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn revoke_feeds(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    state.store.revoke_feeds(&caller.scope).await?;
    Ok(StatusCode::NO_CONTENT)
}
