//! The JSON API under `/api/v1`: list (paged and filtered), get, create and update each
//! registry resource. Bad input answers 422 with the field; an unknown id answers 404.

pub mod account;
pub mod carers;
pub mod children;
pub mod concerns;
pub mod constellations;
pub mod contacts;
pub mod events;
pub mod fidelity;
pub mod households;
pub mod impact;
pub mod memberships;
pub mod placements;
pub mod returns;
pub mod services;
pub mod siblings;
pub mod sign_in;
pub mod sleepovers;
pub mod surveys;

use axum::Router;
use axum::http::StatusCode;
use serde::Serialize;

use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(sign_in::router())
        .merge(services::router())
        .merge(constellations::router())
        .merge(households::router())
        .merge(memberships::router())
        .merge(carers::router())
        .merge(children::router())
        .merge(placements::router())
        .merge(sleepovers::router())
        .merge(contacts::router())
        .merge(events::router())
        .merge(concerns::router())
        .merge(siblings::router())
        .merge(returns::router())
        .merge(impact::router())
        .merge(surveys::router())
        .merge(fidelity::router())
        .merge(account::router())
        .fallback(|| async { ApiError(crate::AppError::NotFound) })
}

pub type ApiResult<T> = Result<axum::Json<T>, ApiError>;
pub type Created<T> = Result<(StatusCode, axum::Json<T>), ApiError>;

pub fn created<T: Serialize>(value: T) -> Created<T> {
    Ok((StatusCode::CREATED, axum::Json(value)))
}

pub fn json<T: Serialize>(value: T) -> ApiResult<T> {
    Ok(axum::Json(value))
}

/// Query parameters every list takes.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string for the OpenAPI document only")]
pub struct ListQuery {
    /// Page number, from 1.
    page: Option<u32>,
    /// Items per page, 1 to 100; 25 when left out.
    per_page: Option<u32>,
    /// Search text.
    q: Option<String>,
}
