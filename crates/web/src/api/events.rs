//! A constellation's events: plan, change, cancel; households answer; who came.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use domain::Page;
use domain::sleepovers::AnswerInput;
use domain::support::{
    AttendanceDraft, AttendanceInput, Event, EventDraft, EventInput, ReplyInput,
};
use store::EventFilter;

use super::{ApiResult, Created, ListQuery, created, json};
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/{id}", get(show).put(update))
        .route("/events/{id}/cancel", post(cancel))
        .route("/events/{id}/attendance", post(attendance))
        .route("/events/{id}/reply", post(reply))
}

/// The filters of a list of events: `constellation_id`, `month`, and `status` `upcoming` or
/// `past`.
pub fn filter(params: &ListParams) -> Result<EventFilter, AppError> {
    let upcoming = match params.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("upcoming") => Some(true),
        Some("past") => Some(false),
        Some(_) => {
            return Err(AppError::Invalid(vec![domain::FieldError::new(
                "status",
                "must be upcoming or past",
            )]));
        }
    };
    Ok(EventFilter {
        constellation: params.id("constellation_id")?,
        month: params.opt_month()?,
        upcoming,
        since: None,
    })
}

/// List events the caller may see, the earliest first (the latest first for `status=past`).
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(ListQuery,
        ("constellation_id" = Option<String>, Query, description = "Only this constellation's"),
        ("month" = Option<String>, Query, description = "Starting in this month, UK time, as `2026-12`"),
        ("status" = Option<String>, Query, description = "`upcoming` or `past`")),
    responses((status = 200, body = Page<Event>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Event>> {
    let filter = filter(&params)?;
    json(state.store.events(&caller.scope, &filter, &params.page_request()).await?)
}

/// Plan an event, or record one already held.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = EventInput,
    responses((status = 201, body = Event), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<EventInput>,
) -> Created<Event> {
    let draft = EventDraft::parse(&input, jiff::Timestamp::now())?;
    created(state.store.create_event(&caller.scope, &draft).await?)
}

/// One event, with each household's answer and who came.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path)),
    responses((status = 200, body = Event), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Event> {
    json(state.store.event(&caller.scope, path_id(&id)?).await?)
}

/// Change an event. It stays in its constellation.
#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path)),
    request_body = EventInput,
    responses((status = 200, body = Event), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EventInput>,
) -> ApiResult<Event> {
    let id = path_id(&id)?;
    let draft = EventDraft::parse(&input, jiff::Timestamp::now())?;
    json(state.store.update_event(&caller.scope, id, &draft).await?)
}

/// Cancel an event, saying why.
#[utoipa::path(post, path = "/api/v1/events/{id}/cancel", tag = "events", params(("id" = String, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = Event), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> ApiResult<Event> {
    let id = path_id(&id)?;
    let reason = input.reason.unwrap_or_default();
    json(state.store.cancel_event(&caller.scope, id, &reason).await?)
}

/// Record who came from one household, once the event has started. All zeros takes the
/// household off.
#[utoipa::path(post, path = "/api/v1/events/{id}/attendance", tag = "events", params(("id" = String, Path)),
    request_body = AttendanceInput,
    responses((status = 200, body = Event), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> ApiResult<Event> {
    let id = path_id(&id)?;
    let draft = AttendanceDraft::parse(&input)?;
    json(state.store.record_attendance(&caller.scope, id, &draft).await?)
}

/// Answer for a household: coming, not coming or maybe, until the event starts.
#[utoipa::path(post, path = "/api/v1/events/{id}/reply", tag = "events", params(("id" = String, Path)),
    request_body = ReplyInput,
    responses((status = 200, body = Event), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReplyInput>,
) -> ApiResult<Event> {
    let id = path_id(&id)?;
    let (household, answer) = input.parse()?;
    json(state.store.reply_to_event(&caller.scope, id, household, answer).await?)
}
