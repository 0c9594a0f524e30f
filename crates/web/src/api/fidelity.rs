//! The fidelity view: each criterion of the model red, amber or green, with the reason.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use domain::fidelity::Fidelity;

use super::{ApiResult, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::path_id;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services/{id}/fidelity", get(service))
        .route("/constellations/{id}/fidelity", get(constellation))
}

/// Each of a service's open constellations, judged: for its manager and liaison workers.
#[utoipa::path(get, path = "/api/v1/services/{id}/fidelity", tag = "fidelity", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Fidelity>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn service(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Vec<Fidelity>> {
    json(state.store.service_fidelity(&caller.scope, path_id(&id)?).await?)
}

/// One constellation, judged.
#[utoipa::path(get, path = "/api/v1/constellations/{id}/fidelity", tag = "fidelity", params(("id" = String, Path)),
    responses((status = 200, body = Fidelity), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn constellation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Fidelity> {
    json(state.store.constellation_fidelity(&caller.scope, path_id(&id)?).await?)
}
