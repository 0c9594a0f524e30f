use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use domain::registry::{EndInput, Membership, MembershipDraft, MembershipInput};

use super::{ApiResult, Created, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/memberships", post(create))
        .route("/memberships/{id}", get(show))
        .route("/memberships/{id}/end", post(end))
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
