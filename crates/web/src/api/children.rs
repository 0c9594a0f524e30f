use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use domain::registry::{Child, ChildDraft, ChildInput, Placement};
use domain::{Date, Page};

use super::{ApiResult, Created, ListQuery, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/children", get(list).post(create))
        .route("/children/{id}", get(show).put(update))
        .route("/children/{id}/placements", get(placements))
}

/// List children and young people.
#[utoipa::path(get, path = "/api/v1/children", tag = "children",
    params(ListQuery, ("household_id" = Option<String>, Query, description = "Only this household's")),
    responses((status = 200, body = Page<Child>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Child>> {
    let household = params.id("household_id")?;
    json(state.store.children(&caller.scope, household, &params.page_request()).await?)
}

/// Add a child.
#[utoipa::path(post, path = "/api/v1/children", tag = "children", request_body = ChildInput,
    responses((status = 201, body = Child), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ChildInput>,
) -> Created<Child> {
    let draft = ChildDraft::parse(&input, Date::today())?;
    created(state.store.create_child(&caller.scope, &draft).await?)
}

/// One child's record.
#[utoipa::path(get, path = "/api/v1/children/{id}", tag = "children", params(("id" = String, Path)),
    responses((status = 200, body = Child), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Child> {
    json(state.store.open_child(&caller.scope, path_id(&id)?).await?)
}

/// Change a child's record.
#[utoipa::path(put, path = "/api/v1/children/{id}", tag = "children", params(("id" = String, Path)), request_body = ChildInput,
    responses((status = 200, body = Child), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ChildInput>,
) -> ApiResult<Child> {
    let id = path_id(&id)?;
    let draft = ChildDraft::parse(&input, Date::today())?;
    json(state.store.update_child(&caller.scope, id, &draft).await?)
}

/// A child's placements, newest first.
#[utoipa::path(get, path = "/api/v1/children/{id}/placements", tag = "children", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Placement>), (status = 404, body = ErrorBody)))]
pub async fn placements(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Vec<Placement>> {
    let id = path_id(&id)?;
    state.store.open_child(&caller.scope, id).await?;
    json(state.store.placements_of_child(&caller.scope, id).await?)
}
