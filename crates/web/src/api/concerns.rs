//! Concerns: raise, list, read, link support to, and close with an outcome.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use domain::support::{ActionInput, CloseInput, Concern, ConcernDraft, ConcernInput};
use domain::{Date, Page};
use store::ConcernFilter;

use super::{ApiResult, Created, ListQuery, created, json};
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/concerns", get(list).post(open))
        .route("/concerns/{id}", get(show))
        .route("/concerns/{id}/close", post(close))
        .route("/concerns/{id}/actions", post(link))
}

/// The filters of a list of concerns: `household_id`, and `status` `open` or `closed`.
pub fn filter(params: &ListParams) -> Result<ConcernFilter, AppError> {
    let open = match params.status.as_deref().map(str::trim) {
        None | Some("") | Some("all") => None,
        Some("open") => Some(true),
        Some("closed") => Some(false),
        Some(_) => {
            return Err(AppError::Invalid(vec![domain::FieldError::new(
                "status",
                "must be open, closed or all",
            )]));
        }
    };
    Ok(ConcernFilter { household: params.id("household_id")?, open })
}

/// List concerns the caller may see, the latest opened first.
#[utoipa::path(get, path = "/api/v1/concerns", tag = "concerns",
    params(ListQuery,
        ("household_id" = Option<String>, Query, description = "About this household"),
        ("status" = Option<String>, Query, description = "`open`, `closed` or `all`")),
    responses((status = 200, body = Page<Concern>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Concern>> {
    let filter = filter(&params)?;
    json(state.store.concerns(&caller.scope, &filter, &params.page_request()).await?)
}

/// Raise a concern. A second concern about the same child or household within 7 days, or one
/// raised while an emergency sleepover for the household is under way, is a red flag: it is
/// recorded on the concern and e-mailed to the liaison worker.
#[utoipa::path(post, path = "/api/v1/concerns", tag = "concerns", request_body = ConcernInput,
    responses((status = 201, body = Concern), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ConcernInput>,
) -> Created<Concern> {
    let draft = ConcernDraft::parse(&input, Date::today())?;
    created(state.store.open_concern(&caller.scope, &draft).await?)
}

/// One concern, with the support linked to it.
#[utoipa::path(get, path = "/api/v1/concerns/{id}", tag = "concerns", params(("id" = String, Path)),
    responses((status = 200, body = Concern), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Concern> {
    json(state.store.concern(&caller.scope, path_id(&id)?).await?)
}

/// Close a concern with its outcome: the household's liaison worker only. `stabilised` says
/// whether the constellation's support made the difference (`attributed`).
#[utoipa::path(post, path = "/api/v1/concerns/{id}/close", tag = "concerns", params(("id" = String, Path)),
    request_body = CloseInput,
    responses((status = 200, body = Concern), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CloseInput>,
) -> ApiResult<Concern> {
    json(state.store.close_concern(&caller.scope, path_id(&id)?, &input).await?)
}

/// Link support given to an open concern: a contact, a sleepover or an event.
#[utoipa::path(post, path = "/api/v1/concerns/{id}/actions", tag = "concerns", params(("id" = String, Path)),
    request_body = ActionInput,
    responses((status = 200, body = Concern), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ActionInput>,
) -> ApiResult<Concern> {
    json(state.store.link_action(&caller.scope, path_id(&id)?, &input).await?)
}
