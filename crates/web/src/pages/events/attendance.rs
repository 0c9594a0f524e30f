//! Who comes and who came: a household's answer, and attendance once the event has started.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use axum::routing::{get, post};
use domain::support::{AttendanceDraft, AttendanceInput, Event, ReplyAnswer, ReplyInput};
use domain::{Choice, Date, Id, PageRequest, Scope};
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
        .route("/events/{id}/answer", get(answer_form).post(answer))
}

/// The households of the event's constellation on its day, for a select.
async fn households_of(
    state: &AppState,
    scope: &Scope,
    e: &Event,
) -> Result<Vec<(String, String)>> {
    let filter = HouseholdFilter {
        constellation: Some(e.constellation_id),
        on: Some(Date::of(e.starts_at)),
        ..Default::default()
    };
    let homes =
        state.store.households(scope, &filter, &PageRequest::new(Some(1), Some(100), None)).await?;
    Ok(homes.items.iter().map(|h| (h.id.to_string(), h.display_name.clone())).collect())
}

/// A household's answer taken by whoever runs support: said on the phone, or at the last event.
async fn answer_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &ReplyInput,
) -> Result<FormPage> {
    let e = state.store.event(scope, id).await?;
    let options = households_of(state, scope, &e).await?;
    let mut page = FormPage::new(
        format!("A household's answer to {}", e.title),
        "events",
        format!("/events/{id}/answer"),
        format!("/events/{id}"),
    )
    .fields(vec![
        Field::select("household_id", "Household", &input.household_id, options),
        Field::radios::<ReplyAnswer>("answer", "Are they coming?", &input.answer)
            .called("The answer"),
    ]);
    page.intro = Some(format!(
        "{}. For an answer given by phone or in person; a later answer replaces it.",
        when(&e)
    ));
    page.submit = "Save";
    Ok(page)
}

async fn answer_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    Ok(answer_page(&state, &caller.scope, id, &ReplyInput::default()).await?.respond())
}

async fn answer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<ReplyInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(input.parse(), |(household, answer)| async move {
        store.reply_to_event(&scope, id, household, answer).await
    })
    .await;
    let page = answer_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |e| format!("/events/{}?status=saved", e.id), || page)
}

async fn attendance_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &AttendanceInput,
) -> Result<FormPage> {
    let e = state.store.event(scope, id).await?;
    // The households of the constellation on the day: those whose attendance is taken.
    let options = households_of(state, scope, &e).await?;
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
    page.intro = Some(match e.check_attendance_open(jiff::Timestamp::now()) {
        Ok(()) => format!(
            "{}. One household at a time; 0 adults and 0 children takes a household off.",
            when(&e)
        ),
        Err(_) if e.cancelled => format!("{}. The event is cancelled.", when(&e)),
        Err(_) => format!("{}. Who came is recorded once the event has started.", when(&e)),
    });
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
