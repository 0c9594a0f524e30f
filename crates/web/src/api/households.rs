use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use domain::Page;
use domain::registry::{
    Household, HouseholdDraft, HouseholdInput, Membership, MoveDraft, MoveInput,
};
use store::HouseholdFilter;

use super::{ApiResult, Created, ListQuery, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/households", get(list).post(create))
        .route("/households/{id}", get(show).put(update))
        .route("/households/{id}/memberships", get(memberships))
        .route("/households/{id}/move", post(move_household))
}

/// List households, with the constellation each is in today.
#[utoipa::path(get, path = "/api/v1/households", tag = "households",
    params(ListQuery,
        ("service_id" = Option<String>, Query, description = "Only this service's"),
        ("constellation_id" = Option<String>, Query, description = "Only those in this constellation today")),
    responses((status = 200, body = Page<Household>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Household>> {
    let filter = HouseholdFilter {
        service: params.id("service_id")?,
        constellation: params.id("constellation_id")?,
        on: None,
    };
    json(state.store.households(&caller.scope, &filter, &params.page_request()).await?)
}

/// Add a household.
#[utoipa::path(post, path = "/api/v1/households", tag = "households", request_body = HouseholdInput,
    responses((status = 201, body = Household), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<HouseholdInput>,
) -> Created<Household> {
    let draft = HouseholdDraft::parse(&input)?;
    created(state.store.create_household(&caller.scope, &draft).await?)
}

/// One household.
#[utoipa::path(get, path = "/api/v1/households/{id}", tag = "households", params(("id" = String, Path)),
    responses((status = 200, body = Household), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Household> {
    json(state.store.household(&caller.scope, path_id(&id)?).await?)
}

/// Change a household.
#[utoipa::path(put, path = "/api/v1/households/{id}", tag = "households", params(("id" = String, Path)),
    request_body = HouseholdInput,
    responses((status = 200, body = Household), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<HouseholdInput>,
) -> ApiResult<Household> {
    let id = path_id(&id)?;
    let draft = HouseholdDraft::parse(&input)?;
    json(state.store.update_household(&caller.scope, id, &draft).await?)
}

/// A household's memberships, current and past.
#[utoipa::path(get, path = "/api/v1/households/{id}/memberships", tag = "households", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Membership>), (status = 404, body = ErrorBody)))]
pub async fn memberships(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Vec<Membership>> {
    let id = path_id(&id)?;
    state.store.household(&caller.scope, id).await?;
    json(state.store.memberships_of_household(&caller.scope, id).await?)
}

/// Move a household to another constellation (or into one). The current membership ends the
/// day before `on`; the history is kept.
#[utoipa::path(post, path = "/api/v1/households/{id}/move", tag = "households", params(("id" = String, Path)),
    request_body = MoveInput,
    responses((status = 201, body = Membership), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_household(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MoveInput>,
) -> Created<Membership> {
    let id = path_id(&id)?;
    let draft = MoveDraft::parse(&input)?;
    created(state.store.move_household(&caller.scope, id, &draft).await?)
}
