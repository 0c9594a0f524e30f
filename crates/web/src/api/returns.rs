//! Monthly returns: a service's figures for a month, computed from its records; submitting them
//! freezes a version, and a later correction is an amendment.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use domain::returns::{MonthlyReturn, Period, ReturnSent, Rollup, SubmitInput, Trend, Whose};
use domain::{Date, FieldError, Month};

use super::{ApiResult, json};
use crate::caller::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ListParams, path_id};
use crate::{AppError, AppState, download};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services/{id}/returns", get(list))
        .route("/services/{id}/returns/{month}", get(show))
        .route("/services/{id}/returns/{month}/submit", post(submit))
        .route("/services/{id}/returns/{month}/csv", get(show_csv))
        .route("/services/{id}/returns/{month}/xlsx", get(show_xlsx))
        .route("/rollup", get(rollup))
        .route("/rollup/csv", get(rollup_csv))
        .route("/rollup/xlsx", get(rollup_xlsx))
        .route("/rollup/trend", get(rollup_trend))
}

/// A service's return for a month as CSV: one figure a line, as the records stand now.
#[utoipa::path(get, path = "/api/v1/services/{id}/returns/{month}/csv", tag = "monthly returns",
    params(("id" = String, Path), ("month" = String, Path, description = "`YYYY-MM`")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn show_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, month)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (id, month) = (path_id(&id)?, month_of(&month)?);
    let r = state.store.monthly_return(&caller.scope, id, month).await?;
    Ok(download::csv(&format!("return-{month}"), r.csv()))
}

/// The national roll-up as CSV: every column's figures, one a line.
#[utoipa::path(get, path = "/api/v1/rollup/csv", tag = "monthly returns",
    params(("period" = Option<String>, Query, description = "`2026-10`, `2026-Q4` or a financial year `2025-26`")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rollup_csv(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response, ApiError> {
    let r = state.store.rollup(&caller.scope, period_of(&params)?).await?;
    Ok(download::csv(&format!("rollup-{}", r.period), r.csv()))
}

/// A service's return for a month as an XLSX workbook: the return and its versions, then a
/// sheet for each section of figures.
#[utoipa::path(get, path = "/api/v1/services/{id}/returns/{month}/xlsx", tag = "monthly returns",
    params(("id" = String, Path), ("month" = String, Path, description = "`YYYY-MM`")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn show_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, month)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (id, month) = (path_id(&id)?, month_of(&month)?);
    let r = state.store.monthly_return(&caller.scope, id, month).await?;
    Ok(download::xlsx(&format!("return-{month}"), &r.workbook())?)
}

/// The national roll-up as an XLSX workbook: the census figures, then a sheet for each
/// section, with a row for the country, each region and each service.
#[utoipa::path(get, path = "/api/v1/rollup/xlsx", tag = "monthly returns",
    params(("period" = Option<String>, Query, description = "`2026-10`, `2026-Q4` or a financial year `2025-26`")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rollup_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response, ApiError> {
    let r = state.store.rollup(&caller.scope, period_of(&params)?).await?;
    Ok(download::xlsx(&format!("rollup-{}", r.period), &r.workbook())?)
}

/// The period asked for as `period`: a month, a quarter or a financial year; the financial
/// year so far when left out.
pub fn period_of(params: &ListParams) -> Result<Period, AppError> {
    match params.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(Period::financial_year_of(Date::today())),
        Some(text) => Period::parse(text)
            .map_err(|message| AppError::Invalid(vec![FieldError::new("period", message)])),
    }
}

/// The national roll-up of the returns sent: the country, each region and each service, for a
/// month, a quarter or a financial year. Counts of 1 to 4 are withheld outside the caller's
/// own service. For the programme lead and the services' managers.
#[utoipa::path(get, path = "/api/v1/rollup", tag = "monthly returns",
    params(("period" = Option<String>, Query, description = "`2026-10`, `2026-Q4` or a financial year `2025-26`; this financial year when left out")),
    responses((status = 200, body = Rollup), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rollup(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Rollup> {
    json(state.store.rollup(&caller.scope, period_of(&params)?).await?)
}

/// A figure's value for England, a region or a service month by month, over the twelve
/// months to the end of the period; withheld where the roll-up withholds it.
#[utoipa::path(get, path = "/api/v1/rollup/trend", tag = "monthly returns",
    params(("period" = Option<String>, Query, description = "`2026-10`, `2026-Q4` or a financial year `2025-26`; this financial year when left out"),
           ("figure" = String, Query, description = "a figure's key, such as `contacts`"),
           ("region" = Option<String>, Query, description = "a region's name, for its trend rather than England's"),
           ("service_id" = Option<String>, Query, description = "a service's id, for its trend rather than England's")),
    responses((status = 200, body = Trend), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rollup_trend(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Trend> {
    let figure = params.figure.as_deref().unwrap_or_default().trim();
    let whose = whose_of(&params)?;
    json(state.store.rollup_trend(&caller.scope, period_of(&params)?, figure, &whose).await?)
}

/// Whose trend the parameters ask for: a service's (`service_id`), a region's (`region`), or
/// England's when neither is given.
pub fn whose_of(params: &ListParams) -> Result<Whose, AppError> {
    let region = params.region.as_deref().map(str::trim).filter(|r| !r.is_empty());
    match (params.id("service_id")?, region) {
        (Some(_), Some(_)) => Err(AppError::Invalid(vec![FieldError::new(
            "region",
            "give a region or a service, not both",
        )])),
        (Some(service), None) => Ok(Whose::Service(service)),
        (None, Some(region)) => Ok(Whose::Region(region.to_string())),
        (None, None) => Ok(Whose::England),
    }
}

/// The parameter that asks for `whose` trend, as `whose_of` reads it: none for England's.
pub fn whose_param(whose: &Whose) -> Option<(&'static str, String)> {
    match whose {
        Whose::England => None,
        Whose::Region(name) => Some(("region", name.clone())),
        Whose::Service(id) => Some(("service_id", id.to_string())),
    }
}

/// A month written `YYYY-MM` in an address.
pub fn month_of(text: &str) -> Result<Month, AppError> {
    Month::parse(text).map_err(|message| AppError::Invalid(vec![FieldError::new("month", message)]))
}

/// The months a service has sent a return for, the latest first: for its staff.
#[utoipa::path(get, path = "/api/v1/services/{id}/returns", tag = "monthly returns",
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<ReturnSent>), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Vec<ReturnSent>> {
    json(state.store.returns_sent(&caller.scope, path_id(&id)?).await?)
}

/// A service's return for a month: every figure from the records now, each version submitted,
/// and what changed since the last one.
#[utoipa::path(get, path = "/api/v1/services/{id}/returns/{month}", tag = "monthly returns",
    params(("id" = String, Path), ("month" = String, Path, description = "`YYYY-MM`")),
    responses((status = 200, body = MonthlyReturn), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, month)): Path<(String, String)>,
) -> ApiResult<MonthlyReturn> {
    let (id, month) = (path_id(&id)?, month_of(&month)?);
    json(state.store.monthly_return(&caller.scope, id, month).await?)
}

/// Submit the month's figures as they stand, once the month has ended; or amend a return whose
/// records changed since it was sent, saying why.
#[utoipa::path(post, path = "/api/v1/services/{id}/returns/{month}/submit", tag = "monthly returns",
    params(("id" = String, Path), ("month" = String, Path, description = "`YYYY-MM`")),
    request_body = SubmitInput,
    responses((status = 200, body = MonthlyReturn), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, month)): Path<(String, String)>,
    ApiJson(input): ApiJson<SubmitInput>,
) -> ApiResult<MonthlyReturn> {
    let (id, month) = (path_id(&id)?, month_of(&month)?);
    json(state.store.submit_return(&caller.scope, id, month, &input).await?)
}
