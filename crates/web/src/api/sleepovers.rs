//! Sleepovers and short breaks: ask, answer, cancel, close; a host's month; its unavailable
//! nights; a service's rules.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use domain::sleepovers::{
    AnswerInput, HostCalendar, RulesInput, Sleepover, SleepoverDraft, SleepoverInput,
    SleepoverRules, Step, Unavailable, UnavailableDraft, UnavailableInput,
};
use domain::{Date, Page, SleepoverStatus};
use store::SleepoverFilter;

use super::{ApiResult, Created, ListQuery, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ListParams, MaybeJson, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sleepovers", get(list).post(request))
        .route("/sleepovers/{id}", get(show))
        .route("/sleepovers/{id}/confirm", post(confirm))
        .route("/sleepovers/{id}/decline", post(decline))
        .route("/sleepovers/{id}/cancel", post(cancel))
        .route("/sleepovers/{id}/complete", post(complete))
        .route("/sleepovers/{id}/did-not-happen", post(did_not_happen))
        .route("/sleepovers/{id}/override", post(override_rules))
        .route("/households/{id}/calendar", get(calendar))
        .route("/households/{id}/unavailable", post(unavailable))
        .route("/unavailable/{id}/withdraw", post(withdraw))
        .route("/services/{id}/sleepover-rules", get(rules).put(set_rules))
}

/// List sleepovers the caller may see, the latest first night first.
#[utoipa::path(get, path = "/api/v1/sleepovers", tag = "sleepovers",
    params(ListQuery,
        ("household_id" = Option<String>, Query, description = "Asked for by, or hosted at, this household"),
        ("status" = Option<String>, Query, description = "requested, confirmed, declined, cancelled, completed or did_not_happen"),
        ("month" = Option<String>, Query, description = "With a night in this month, as `2026-11`")),
    responses((status = 200, body = Page<Sleepover>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Sleepover>> {
    let month = params.opt_month()?;
    let filter = SleepoverFilter {
        household: params.id("household_id")?,
        status: params.choice::<SleepoverStatus>("status", &params.status)?,
        from: month.map(|m| m.first_day()),
        to: month.map(|m| m.last_day()),
        ..Default::default()
    };
    json(state.store.sleepovers(&caller.scope, &filter, &params.page_request()).await?)
}

/// Ask for a sleepover or a short break. A rule it breaks answers 422 naming the rule and its
/// numbers; a liaison worker may override with `override_reason`.
#[utoipa::path(post, path = "/api/v1/sleepovers", tag = "sleepovers", request_body = SleepoverInput,
    responses((status = 201, body = Sleepover), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<SleepoverInput>,
) -> Created<Sleepover> {
    let draft = SleepoverDraft::parse(&input)?;
    created(state.store.request_sleepover(&caller.scope, &draft).await?)
}

/// One sleepover.
#[utoipa::path(get, path = "/api/v1/sleepovers/{id}", tag = "sleepovers", params(("id" = String, Path)),
    responses((status = 200, body = Sleepover), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Sleepover> {
    json(state.store.sleepover(&caller.scope, path_id(&id)?).await?)
}

async fn step(
    state: &AppState,
    caller: &Caller,
    id: &str,
    step: Step,
    input: &AnswerInput,
) -> ApiResult<Sleepover> {
    let id = path_id(id)?;
    let reason = input.parse(step)?;
    json(state.store.step_sleepover(&caller.scope, id, step, reason).await?)
}

/// Confirm a request: takes a bed for each child on every night, or answers 409 "no bed free
/// that night". A child without delegated authority needs a liaison worker's override first.
#[utoipa::path(post, path = "/api/v1/sleepovers/{id}/confirm", tag = "sleepovers", params(("id" = String, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = Sleepover), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    MaybeJson(input): MaybeJson<AnswerInput>,
) -> ApiResult<Sleepover> {
    step(&state, &caller, &id, Step::Confirm, &input).await
}

/// Decline a request, with a reason.
#[utoipa::path(post, path = "/api/v1/sleepovers/{id}/decline", tag = "sleepovers", params(("id" = String, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = Sleepover), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decline(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> ApiResult<Sleepover> {
    step(&state, &caller, &id, Step::Decline, &input).await
}

/// Cancel a request, or a confirmed sleepover before its first night; its beds are freed.
#[utoipa::path(post, path = "/api/v1/sleepovers/{id}/cancel", tag = "sleepovers", params(("id" = String, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = Sleepover), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    MaybeJson(input): MaybeJson<AnswerInput>,
) -> ApiResult<Sleepover> {
    step(&state, &caller, &id, Step::Cancel, &input).await
}

/// Mark a confirmed sleepover completed, after its last night.
#[utoipa::path(post, path = "/api/v1/sleepovers/{id}/complete", tag = "sleepovers", params(("id" = String, Path)),
    responses((status = 200, body = Sleepover), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn complete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Sleepover> {
    step(&state, &caller, &id, Step::Complete, &AnswerInput::default()).await
}

/// Record that a confirmed sleepover did not happen, with a reason; its beds are freed.
#[utoipa::path(post, path = "/api/v1/sleepovers/{id}/did-not-happen", tag = "sleepovers", params(("id" = String, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = Sleepover), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn did_not_happen(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> ApiResult<Sleepover> {
    step(&state, &caller, &id, Step::DidNotHappen, &input).await
}

/// A liaison worker's recorded override, with a reason: lets a request be confirmed for a child
/// whose delegated authority is missing or due for review.
#[utoipa::path(post, path = "/api/v1/sleepovers/{id}/override", tag = "sleepovers", params(("id" = String, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = Sleepover), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn override_rules(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> ApiResult<Sleepover> {
    step(&state, &caller, &id, Step::Override, &input).await
}

/// A host's month: beds free each night, nights it is away, and the sleepovers the caller may see.
#[utoipa::path(get, path = "/api/v1/households/{id}/calendar", tag = "sleepovers",
    params(("id" = String, Path), ("month" = Option<String>, Query, description = "YYYY-MM; this month when left out")),
    responses((status = 200, body = HostCalendar), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn calendar(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    params: ListParams,
) -> ApiResult<HostCalendar> {
    let id = path_id(&id)?;
    json(state.store.host_calendar(&caller.scope, id, params.month()?).await?)
}

/// Mark a host's nights unavailable, with a reason. A night with a confirmed sleepover answers 409.
#[utoipa::path(post, path = "/api/v1/households/{id}/unavailable", tag = "sleepovers", params(("id" = String, Path)),
    request_body = UnavailableInput,
    responses((status = 201, body = Unavailable), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn unavailable(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<UnavailableInput>,
) -> Created<Unavailable> {
    let id = path_id(&id)?;
    let draft = UnavailableDraft::parse(&input, Date::today())?;
    created(state.store.mark_unavailable(&caller.scope, id, &draft).await?)
}

/// Open nights marked unavailable again.
#[utoipa::path(post, path = "/api/v1/unavailable/{id}/withdraw", tag = "sleepovers", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.store.withdraw_unavailable(&caller.scope, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A service's sleepover rules.
#[utoipa::path(get, path = "/api/v1/services/{id}/sleepover-rules", tag = "sleepovers", params(("id" = String, Path)),
    responses((status = 200, body = SleepoverRules), (status = 404, body = ErrorBody)))]
pub async fn rules(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<SleepoverRules> {
    json(state.store.sleepover_rules(&caller.scope, path_id(&id)?).await?)
}

/// Set a service's sleepover rules; its manager only.
#[utoipa::path(put, path = "/api/v1/services/{id}/sleepover-rules", tag = "sleepovers", params(("id" = String, Path)),
    request_body = RulesInput,
    responses((status = 200, body = SleepoverRules), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_rules(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RulesInput>,
) -> ApiResult<SleepoverRules> {
    let rules = SleepoverRules::parse(&input)?;
    json(state.store.set_sleepover_rules(&caller.scope, path_id(&id)?, &rules).await?)
}
