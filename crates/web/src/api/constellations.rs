use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use domain::Page;
use domain::registry::{Constellation, ConstellationDraft, ConstellationInput, Membership};

use super::{ApiResult, Created, ListQuery, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/constellations", get(list).post(create))
        .route("/constellations/{id}", get(show).put(update))
        .route("/constellations/{id}/memberships", get(memberships))
}

/// List constellations, with today's hub and number of satellites.
#[utoipa::path(get, path = "/api/v1/constellations", tag = "constellations",
    params(ListQuery, ("service_id" = Option<String>, Query, description = "Only this service's")),
    responses((status = 200, body = Page<Constellation>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Constellation>> {
    let service = params.id("service_id")?;
    json(state.store.constellations(&caller.scope, service, &params.page_request()).await?)
}

/// Add a constellation.
#[utoipa::path(post, path = "/api/v1/constellations", tag = "constellations", request_body = ConstellationInput,
    responses((status = 201, body = Constellation), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ConstellationInput>,
) -> Created<Constellation> {
    let draft = ConstellationDraft::parse(&input)?;
    created(state.store.create_constellation(&caller.scope, &draft).await?)
}

/// One constellation.
#[utoipa::path(get, path = "/api/v1/constellations/{id}", tag = "constellations", params(("id" = String, Path)),
    responses((status = 200, body = Constellation), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Constellation> {
    json(state.store.constellation(&caller.scope, path_id(&id)?).await?)
}

/// Change a constellation.
#[utoipa::path(put, path = "/api/v1/constellations/{id}", tag = "constellations", params(("id" = String, Path)),
    request_body = ConstellationInput,
    responses((status = 200, body = Constellation), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ConstellationInput>,
) -> ApiResult<Constellation> {
    let id = path_id(&id)?;
    let draft = ConstellationDraft::parse(&input)?;
    json(state.store.update_constellation(&caller.scope, id, &draft).await?)
}

/// A constellation's memberships, current and past.
#[utoipa::path(get, path = "/api/v1/constellations/{id}/memberships", tag = "constellations", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Membership>), (status = 404, body = ErrorBody)))]
pub async fn memberships(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Vec<Membership>> {
    let id = path_id(&id)?;
    state.store.constellation(&caller.scope, id).await?;
    json(state.store.memberships_of_constellation(&caller.scope, id).await?)
}
