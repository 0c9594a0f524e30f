use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use domain::Page;
use domain::registry::{EndInput, Membership, MembershipDraft, MembershipInput};

use super::{ApiResult, Created, ListQuery, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/memberships", get(list).post(create))
        .route("/memberships/{id}", get(show).put(update))
        .route("/memberships/{id}/end", post(end))
}

/// List memberships, newest first.
#[utoipa::path(get, path = "/api/v1/memberships", tag = "memberships",
    params(ListQuery,
        ("household_id" = Option<String>, Query, description = "Only this household's"),
        ("constellation_id" = Option<String>, Query, description = "Only this constellation's")),
    responses((status = 200, body = Page<Membership>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Membership>> {
    let household = params.id("household_id")?;
    let constellation = params.id("constellation_id")?;
    let page = params.page_request();
    json(state.store.memberships_page(&caller.scope, household, constellation, &page).await?)
}

/// Add a household to a constellation.
#[utoipa::path(post, path = "/api/v1/memberships", tag = "memberships", request_body = MembershipInput,
    responses((status = 201, body = Membership), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<MembershipInput>,
) -> Created<Membership> {
    let draft = MembershipDraft::parse(&input)?;
    created(state.store.create_membership(&caller.scope, &draft).await?)
}

/// One membership.
#[utoipa::path(get, path = "/api/v1/memberships/{id}", tag = "memberships", params(("id" = String, Path)),
    responses((status = 200, body = Membership), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Membership> {
    json(state.store.membership(&caller.scope, path_id(&id)?).await?)
}

/// Correct a membership recorded wrongly: its constellation, role, dates or ending. The
/// household stays the same; a household that really moved is moved instead, keeping its history.
#[utoipa::path(put, path = "/api/v1/memberships/{id}", tag = "memberships", params(("id" = String, Path)),
    request_body = MembershipInput,
    responses((status = 200, body = Membership), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MembershipInput>,
) -> ApiResult<Membership> {
    let id = path_id(&id)?;
    let draft = MembershipDraft::parse(&input)?;
    json(state.store.update_membership(&caller.scope, id, &draft).await?)
}

/// End a membership: `on` is its last day, `reason` a membership ending.
#[utoipa::path(post, path = "/api/v1/memberships/{id}/end", tag = "memberships", params(("id" = String, Path)),
    request_body = EndInput,
    responses((status = 200, body = Membership), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EndInput>,
) -> ApiResult<Membership> {
    json(state.store.end_membership(&caller.scope, path_id(&id)?, &input).await?)
}
