//! Who comes and who came: a household's answer, and attendance once the event has started.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use axum::routing::{get, post};
use domain::support::{AttendanceDraft, AttendanceInput, ReplyAnswer};
use domain::{Choice, Id, PageRequest, Scope};
use store::HouseholdFilter;

use super::when;
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::pages::{parse_then, saved_or_form};
use crate::views::{Field, FormPage};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{id}/attendance", get(attendance_form).post(attendance))
        .route("/events/{id}/reply/{answer}", post(reply))
}

async fn attendance_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &AttendanceInput,
) -> Result<FormPage> {
    let e = state.store.event(scope, id).await?;
    let filter = HouseholdFilter { constellation: Some(e.constellation_id), ..Default::default() };
    let homes =
        state.store.households(scope, &filter, &PageRequest::new(Some(1), Some(100), None)).await?;
    let options = homes.items.iter().map(|h| (h.id.to_string(), h.display_name.clone())).collect();
    let mut page = FormPage::new(
        format!("Who came to {}", e.title),
        "events",
        format!("/events/{id}/attendance"),
        format!("/events/{id}"),
    )
    .fields(vec![
        Field::select("household_id", "Household", &input.household_id, options),
        Field::number("adults", "Adults", &input.adults),
        Field::number("children", "Children and young people", &input.children)
            .optional()
            .hint("Everyone under 18 who came, the carers' own sons and daughters among them"),
        Field::number(
            "sons_daughters",
            "Carers' own sons and daughters (of the children)",
            &input.sons_daughters,
        )
        .optional(),
    ]);
    page.intro = Some(format!(
        "{}. One household at a time; 0 adults and 0 children takes a household off.",
        when(&e)
    ));
    page.submit = "Save";
    Ok(page)
}

async fn attendance_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    params: ListParams,
) -> Result<Response> {
    let id = path_id(&id)?;
    let input = AttendanceInput { household_id: params.household_id.clone(), ..Default::default() };
    Ok(attendance_page(&state, &caller.scope, id, &input).await?.respond())
}

async fn attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<AttendanceInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(AttendanceDraft::parse(&input), |d| async move {
        store.record_attendance(&scope, id, &d).await
    })
    .await;
    let page = attendance_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |e| format!("/events/{}?status=saved", e.id), || page)
}

async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, answer)): Path<(String, String)>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let answer = ReplyAnswer::parse(&answer).ok_or(AppError::NotFound)?;
    state.store.reply_to_event(&caller.scope, id, None, answer).await?;
    Ok(axum::response::IntoResponse::into_response(Redirect::to(&format!("/events/{id}"))))
}
