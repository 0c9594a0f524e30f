//! Sibling groups and sibling contact: link brothers and sisters; list the meetings found in
//! events and sleepovers, record one directly, withdraw one recorded by mistake.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use domain::Date;
use domain::registry::Child;
use domain::sleepovers::AnswerInput;
use domain::support::{SiblingContact, SiblingContactDraft, SiblingContactInput, SiblingLinkInput};
use store::SiblingContactFilter;

use super::{ApiResult, Created, created, json};
use crate::caller::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ListParams, path_id};
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/siblings", get(siblings).post(link).delete(unlink))
        .route("/sibling-contacts", get(list).post(record))
        .route("/sibling-contacts/{id}/withdraw", post(withdraw))
}

/// How far back a child's sibling contacts are listed when no month is asked for.
const CHILD_HISTORY_DAYS: i32 = 365;

/// The filters of a list of sibling contacts: `child_id`, `constellation_id`, and `month`
/// (this month when left out; for one child, the last year).
pub fn filter(params: &ListParams) -> Result<SiblingContactFilter, AppError> {
    let child = params.id("child_id")?;
    let today = Date::today();
    let (from, to) = match (params.opt_month()?, child) {
        (Some(month), _) => (month.first_day(), month.last_day()),
        (None, Some(_)) => (today.add_days(-CHILD_HISTORY_DAYS), today),
        (None, None) => (today.month().first_day(), today.month().last_day()),
    };
    Ok(SiblingContactFilter {
        from,
        to,
        child,
        constellation: params.id("constellation_id")?,
        service: params.id("service_id")?,
    })
}

/// A child's brothers and sisters.
#[utoipa::path(get, path = "/api/v1/children/{id}/siblings", tag = "children", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Child>), (status = 404, body = ErrorBody)))]
pub async fn siblings(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Vec<Child>> {
    json(state.store.siblings(&caller.scope, path_id(&id)?).await?)
}

/// Link a brother or sister: their sibling groups become one. Returns the child's siblings.
#[utoipa::path(post, path = "/api/v1/children/{id}/siblings", tag = "children", params(("id" = String, Path)),
    request_body = SiblingLinkInput,
    responses((status = 200, body = Vec<Child>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SiblingLinkInput>,
) -> ApiResult<Vec<Child>> {
    let id = path_id(&id)?;
    let sibling = input.parse(id)?;
    json(state.store.link_sibling(&caller.scope, id, sibling).await?)
}

/// Take a child out of their sibling group.
#[utoipa::path(delete, path = "/api/v1/children/{id}/siblings", tag = "children", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn unlink(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.store.unlink_sibling(&caller.scope, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sibling contacts the caller may see, the latest first: found in events and sleepovers, and
/// recorded.
#[utoipa::path(get, path = "/api/v1/sibling-contacts", tag = "sibling contact",
    params(
        ("month" = Option<String>, Query, description = "In this month, as `2026-11`; this month when left out, or the last year for one child"),
        ("child_id" = Option<String>, Query, description = "Meetings this child was at"),
        ("constellation_id" = Option<String>, Query, description = "Through this constellation")),
    responses((status = 200, body = Vec<SiblingContact>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Vec<SiblingContact>> {
    let filter = filter(&params)?;
    json(state.store.sibling_contacts(&caller.scope, &filter).await?)
}

/// Record a meeting of brothers and sisters placed apart.
#[utoipa::path(post, path = "/api/v1/sibling-contacts", tag = "sibling contact",
    request_body = SiblingContactInput,
    responses((status = 201, body = SiblingContact), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<SiblingContactInput>,
) -> Created<SiblingContact> {
    let draft = SiblingContactDraft::parse(&input, Date::today())?;
    created(state.store.record_sibling_contact(&caller.scope, &draft).await?)
}

/// Withdraw a recorded meeting entered by mistake, saying why. It is kept, and not counted.
#[utoipa::path(post, path = "/api/v1/sibling-contacts/{id}/withdraw", tag = "sibling contact",
    params(("id" = String, Path)), request_body = AnswerInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> Result<StatusCode, ApiError> {
    let reason = input.reason.unwrap_or_default();
    state.store.withdraw_sibling_contact(&caller.scope, path_id(&id)?, &reason).await?;
    Ok(StatusCode::NO_CONTENT)
}
