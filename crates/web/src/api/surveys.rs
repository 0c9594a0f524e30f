//! The carers' quarterly survey: answer once a quarter; read your answer; read the counts.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use domain::support::{SurveyAnswer, SurveyDraft, SurveyInput, SurveyResults};

use super::{ApiResult, Created, created, json};
use crate::AppState;
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/surveys", post(answer))
        .route("/surveys/mine", get(mine))
        .route("/surveys/results", get(results))
}

/// Answer this quarter's survey, as a carer. A second answer in the same quarter is refused.
#[utoipa::path(post, path = "/api/v1/surveys", tag = "surveys", request_body = SurveyInput,
    responses((status = 201, body = SurveyAnswer), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<SurveyInput>,
) -> Created<SurveyAnswer> {
    let draft = SurveyDraft::parse(&input)?;
    created(state.store.answer_survey(&caller.scope, &draft).await?)
}

/// The caller's answer for a quarter (`quarter`, as `2026-Q4`; this quarter when left out), or
/// null.
#[utoipa::path(get, path = "/api/v1/surveys/mine", tag = "surveys",
    params(("quarter" = Option<String>, Query, description = "As `2026-Q4`")),
    responses((status = 200, body = Option<SurveyAnswer>), (status = 422, body = ErrorBody)))]
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Option<SurveyAnswer>> {
    json(state.store.my_survey(&caller.scope, params.quarter()?).await?)
}

/// How many carers gave each rating in a quarter, over the services and constellations the
/// caller reads, or one service.
#[utoipa::path(get, path = "/api/v1/surveys/results", tag = "surveys",
    params(("quarter" = Option<String>, Query, description = "As `2026-Q4`"),
        ("service_id" = Option<String>, Query, description = "Only this service")),
    responses((status = 200, body = SurveyResults), (status = 422, body = ErrorBody)))]
pub async fn results(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<SurveyResults> {
    let service = params.id("service_id")?;
    json(state.store.survey_results(&caller.scope, params.quarter()?, service).await?)
}
