use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use domain::Page;
use domain::registry::{EndInput, Placement, PlacementDraft, PlacementInput};

use super::{ApiResult, Created, ListQuery, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/placements", get(list).post(create))
        .route("/placements/{id}", get(show).put(update))
        .route("/placements/{id}/end", post(end))
}

/// List placements, newest first.
#[utoipa::path(get, path = "/api/v1/placements", tag = "placements",
    params(ListQuery,
        ("child_id" = Option<String>, Query, description = "Only this child's"),
        ("household_id" = Option<String>, Query, description = "Only those with this household")),
    responses((status = 200, body = Page<Placement>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Placement>> {
    let child = params.id("child_id")?;
    let household = params.id("household_id")?;
    json(
        state
            .store
            .placements_page(&caller.scope, child, household, &params.page_request())
            .await?,
    )
}

/// Record a placement, with SSDA903 codes.
#[utoipa::path(post, path = "/api/v1/placements", tag = "placements", request_body = PlacementInput,
    responses((status = 201, body = Placement), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<PlacementInput>,
) -> Created<Placement> {
    let draft = PlacementDraft::parse(&input)?;
    created(state.store.create_placement(&caller.scope, &draft).await?)
}

/// One placement.
#[utoipa::path(get, path = "/api/v1/placements/{id}", tag = "placements", params(("id" = String, Path)),
    responses((status = 200, body = Placement), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Placement> {
    json(state.store.placement(&caller.scope, path_id(&id)?).await?)
}

/// Correct a placement recorded wrongly. The child stays the same; the child's placements
/// still may not overlap.
#[utoipa::path(put, path = "/api/v1/placements/{id}", tag = "placements", params(("id" = String, Path)),
    request_body = PlacementInput,
    responses((status = 200, body = Placement), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PlacementInput>,
) -> ApiResult<Placement> {
    let id = path_id(&id)?;
    let draft = PlacementDraft::parse(&input)?;
    json(state.store.update_placement(&caller.scope, id, &draft).await?)
}

/// End a placement: `on` is its last day, `reason` an SSDA903 REASON_PLACE_CHANGE code,
/// `planned` whether the ending was planned.
#[utoipa::path(post, path = "/api/v1/placements/{id}/end", tag = "placements", params(("id" = String, Path)),
    request_body = EndInput,
    responses((status = 200, body = Placement), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EndInput>,
) -> ApiResult<Placement> {
    json(state.store.end_placement(&caller.scope, path_id(&id)?, &input).await?)
}
