use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use domain::Page;
use domain::registry::{Carer, CarerDraft, CarerInput, EndInput};

use super::{ApiResult, Created, ListQuery, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/carers", get(list).post(create))
        .route("/carers/{id}", get(show).put(update))
        .route("/carers/{id}/end-approval", post(end_approval))
}

/// List carers.
#[utoipa::path(get, path = "/api/v1/carers", tag = "carers",
    params(ListQuery, ("household_id" = Option<String>, Query, description = "Only this household's")),
    responses((status = 200, body = Page<Carer>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Carer>> {
    let household = params.id("household_id")?;
    json(state.store.carers(&caller.scope, household, &params.page_request()).await?)
}

/// Add a carer to a household.
#[utoipa::path(post, path = "/api/v1/carers", tag = "carers", request_body = CarerInput,
    responses((status = 201, body = Carer), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<CarerInput>,
) -> Created<Carer> {
    let draft = CarerDraft::parse(&input)?;
    created(state.store.create_carer(&caller.scope, &draft).await?)
}

/// One carer.
#[utoipa::path(get, path = "/api/v1/carers/{id}", tag = "carers", params(("id" = String, Path)),
    responses((status = 200, body = Carer), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Carer> {
    json(state.store.carer(&caller.scope, path_id(&id)?).await?)
}

/// Change a carer.
#[utoipa::path(put, path = "/api/v1/carers/{id}", tag = "carers", params(("id" = String, Path)), request_body = CarerInput,
    responses((status = 200, body = Carer), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CarerInput>,
) -> ApiResult<Carer> {
    let id = path_id(&id)?;
    let draft = CarerDraft::parse(&input)?;
    json(state.store.update_carer(&caller.scope, id, &draft).await?)
}

/// End a carer's approval: `on` is the last day, `reason` a leaving reason.
#[utoipa::path(post, path = "/api/v1/carers/{id}/end-approval", tag = "carers", params(("id" = String, Path)),
    request_body = EndInput,
    responses((status = 200, body = Carer), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end_approval(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EndInput>,
) -> ApiResult<Carer> {
    json(state.store.end_approval(&caller.scope, path_id(&id)?, &input).await?)
}
