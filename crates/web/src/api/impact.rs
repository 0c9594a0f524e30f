//! Impact and cost: the costs avoided for a financial year with the working shown, and the unit
//! costs and programme costs behind them, which the programme lead sets.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use domain::impact::{CostBook, Impact, ProgrammeCostInput, UnitCostInput, financial_year};
use domain::returns::Period;
use domain::{Date, FieldError};

use super::{ApiResult, Created, created, json};
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams};
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/impact", get(impact))
        .route("/costs", get(costs))
        .route("/costs/unit-costs", post(set_unit_cost))
        .route("/costs/programme-costs", post(set_programme_cost))
}

/// The financial year asked for as `period` (`2025-26`); this one when left out.
pub fn year_of(params: &ListParams) -> Result<i16, AppError> {
    match params.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(Period::financial_year_start(Date::today())),
        Some(text) => financial_year(text)
            .map_err(|message| AppError::Invalid(vec![FieldError::new("period", message)])),
    }
}

/// The costs avoided in a financial year, for England and each service, from the returns
/// sent: each count times its unit cost, with the cost's source, against what the
/// constellations cost. Counts of 1 to 4 are withheld outside the caller's own service. For
/// the programme lead and the services' managers.
#[utoipa::path(get, path = "/api/v1/impact", tag = "impact and cost",
    params(("period" = Option<String>, Query, description = "a financial year, `2025-26`; this one when left out")),
    responses((status = 200, body = Impact), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn impact(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Impact> {
    json(state.store.impact(&caller.scope, year_of(&params)?).await?)
}

/// The unit costs in force (the published figures until the programme sets its own), every
/// one set, and what the programme costs per constellation each year.
#[utoipa::path(get, path = "/api/v1/costs", tag = "impact and cost",
    responses((status = 200, body = CostBook), (status = 404, body = ErrorBody)))]
pub async fn costs(State(state): State<AppState>, caller: Caller) -> ApiResult<CostBook> {
    json(state.store.costs(&caller.scope).await?)
}

/// Set a unit cost, with its source and year. The earlier ones are kept. The programme lead's.
#[utoipa::path(post, path = "/api/v1/costs/unit-costs", tag = "impact and cost",
    request_body = UnitCostInput,
    responses((status = 201, body = CostBook), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_unit_cost(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<UnitCostInput>,
) -> Created<CostBook> {
    let draft = input.parse(Date::today())?;
    created(state.store.set_unit_cost(&caller.scope, &draft).await?)
}

/// Record what the programme costs per constellation in a financial year: hub fees, liaison
/// time and the licence. The earlier entries are kept. The programme lead's.
#[utoipa::path(post, path = "/api/v1/costs/programme-costs", tag = "impact and cost",
    request_body = ProgrammeCostInput,
    responses((status = 201, body = CostBook), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_programme_cost(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ProgrammeCostInput>,
) -> Created<CostBook> {
    let draft = input.parse(Date::today())?;
    created(state.store.set_programme_cost(&caller.scope, &draft).await?)
}
