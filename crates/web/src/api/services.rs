use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use domain::Page;
use domain::registry::{Service, ServiceDraft, ServiceInput};

use super::{ApiResult, Created, ListQuery, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services", get(list).post(create))
        .route("/services/{id}", get(show).put(update))
}

/// List services.
#[utoipa::path(get, path = "/api/v1/services", tag = "services", params(ListQuery),
    responses((status = 200, body = Page<Service>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Service>> {
    json(state.store.services(&caller.scope, &params.page_request()).await?)
}

/// Add a service.
#[utoipa::path(post, path = "/api/v1/services", tag = "services", request_body = ServiceInput,
    responses((status = 201, body = Service), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ServiceInput>,
) -> Created<Service> {
    let draft = ServiceDraft::parse(&input)?;
    created(state.store.create_service(&caller.scope, &draft).await?)
}

/// One service.
#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "services", params(("id" = String, Path)),
    responses((status = 200, body = Service), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Service> {
    json(state.store.service(&caller.scope, path_id(&id)?).await?)
}

/// Change a service.
#[utoipa::path(put, path = "/api/v1/services/{id}", tag = "services", params(("id" = String, Path)), request_body = ServiceInput,
    responses((status = 200, body = Service), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> ApiResult<Service> {
    let id = path_id(&id)?;
    let draft = ServiceDraft::parse(&input)?;
    json(state.store.update_service(&caller.scope, id, &draft).await?)
}
