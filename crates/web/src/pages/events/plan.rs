//! Planning an event, changing it, and cancelling it with a reason.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::sleepovers::AnswerInput;
use domain::support::{Event, EventDraft, EventInput};
use domain::{Choice, EventKind, Id, Scope, local_minute};
use jiff::Timestamp;

use super::when;
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::pages::{choices, parse_then, saved_or_form};
use crate::views::{Field, FormPage};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/new", get(new).post(create))
        .route("/events/{id}/edit", get(edit).post(update))
        .route("/events/{id}/cancel", get(cancel_form).post(cancel))
}

async fn form(
    state: &AppState,
    scope: &Scope,
    input: &EventInput,
    action: String,
    cancel: String,
    title: &str,
) -> Result<FormPage> {
    let constellations = choices::constellations(state, scope, None).await?;
    let mut page = FormPage::new(title, "events", action, cancel).fields(vec![
        Field::select("constellation_id", "Constellation", &input.constellation_id, constellations),
        Field::radios::<EventKind>("kind", "Kind of event", &input.kind),
        Field::text("title", "Title", &input.title, caps::NAME),
        Field::datetime("starts_at", "Starts", &input.starts_at).hint("UK time"),
        Field::datetime("ends_at", "Ends", &input.ends_at)
            .optional()
            .hint("UK time, within a day of the start"),
        Field::text("place", "Where", &input.place, caps::SHORT).optional(),
        Field::textarea("note", "Note for the households", &input.note, caps::NOTE).optional(),
    ]);
    page.submit = "Save event";
    Ok(page)
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let constellation = match params.id("constellation_id")? {
        Some(c) => Some(state.store.constellation(&caller.scope, c).await?.id),
        None => None,
    };
    let input =
        EventInput { constellation_id: constellation.map(|c| c.to_string()), ..Default::default() };
    let page =
        form(&state, &caller.scope, &input, "/events/new".into(), "/events".into(), "Add an event");
    Ok(page.await?.respond())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<EventInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(EventDraft::parse(&input, Timestamp::now()), |d| async move {
        store.create_event(&scope, &d).await
    })
    .await;
    let page =
        form(&state, &caller.scope, &input, "/events/new".into(), "/events".into(), "Add an event")
            .await?;
    saved_or_form(result, |e| format!("/events/{}?status=saved", e.id), || page)
}

fn input_of(e: &Event) -> EventInput {
    EventInput {
        constellation_id: Some(e.constellation_id.to_string()),
        kind: Some(e.kind.as_str().into()),
        title: Some(e.title.clone()),
        starts_at: Some(local_minute(e.starts_at)),
        ends_at: e.ends_at.map(local_minute),
        place: e.place.clone(),
        note: e.note.clone(),
    }
}

async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let e = state.store.event(&caller.scope, id).await?;
    let page = form(
        &state,
        &caller.scope,
        &input_of(&e),
        format!("/events/{id}/edit"),
        format!("/events/{id}"),
        "Change the event",
    )
    .await?;
    Ok(page.respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<EventInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(EventDraft::parse(&input, Timestamp::now()), |d| async move {
        store.update_event(&scope, id, &d).await
    })
    .await;
    let page = form(
        &state,
        &caller.scope,
        &input,
        format!("/events/{id}/edit"),
        format!("/events/{id}"),
        "Change the event",
    )
    .await?;
    saved_or_form(result, |e| format!("/events/{}?status=saved", e.id), || page)
}

async fn cancel_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &AnswerInput,
) -> Result<FormPage> {
    let e = state.store.event(scope, id).await?;
    let mut page = FormPage::new(
        format!("Cancel {}", e.title),
        "events",
        format!("/events/{id}/cancel"),
        format!("/events/{id}"),
    )
    .fields(vec![Field::text("reason", "Why it is cancelled", &input.reason, caps::SHORT)]);
    page.intro = Some(format!("{}. The households see the reason.", when(&e)));
    page.submit = "Cancel the event";
    Ok(page)
}

async fn cancel_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    Ok(cancel_page(&state, &caller.scope, id, &AnswerInput::default()).await?.respond())
}

async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<AnswerInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let reason = input.reason.clone().unwrap_or_default();
    let result = state.store.cancel_event(&caller.scope, id, &reason).await.map_err(AppError::from);
    let page = cancel_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |e| format!("/events/{}?status=saved", e.id), || page)
}
