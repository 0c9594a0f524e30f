//! A constellation's calendar of events: the list of what is coming, a month at a glance, one
//! event with its answers and who came, and the forms to plan, change and cancel one.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use axum::routing::{get, post};
use domain::registry::caps;
use domain::sleepovers::AnswerInput;
use domain::support::{
    AttendanceDraft, AttendanceInput, Event, EventDraft, EventInput, ReplyAnswer,
};
use domain::{Choice, EventKind, Id, PageRequest, Scope, local_minute, wall_clock};
use jiff::Timestamp;
use store::HouseholdFilter;

use super::{choices, parse_then, saved_or_form};
use crate::api::events::filter;
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{
    Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Section, Table, or_dash, render,
};
use crate::{AppError, AppState, Result};

const LIST: ListOf = ListOf { title: "Events", section: "events", noun: "events", path: "/events" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list))
        .route("/events/new", get(new).post(create))
        .route("/events/{id}", get(show))
        .route("/events/{id}/edit", get(edit).post(update))
        .route("/events/{id}/cancel", get(cancel_form).post(cancel))
        .route("/events/{id}/attendance", get(attendance_form).post(attendance))
        .route("/events/{id}/reply/{answer}", post(reply))
}

/// When an event is, as a person reads it: "Sat 5 Dec 2026, 10:30 to 13:00".
fn when(e: &Event) -> String {
    let start = wall_clock(e.starts_at);
    match e.ends_at {
        Some(end) => format!("{start} to {}", &local_minute(end)[11..]),
        None => start,
    }
}

fn what(e: &Event) -> String {
    if e.cancelled { format!("{} (cancelled)", e.title) } else { e.title.clone() }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let scope = &caller.scope;
    let mut filter = filter(&params)?;
    if filter.month.is_none() && filter.upcoming.is_none() {
        filter.upcoming = Some(true);
    }
    // A constellation to filter by is one the person can see, and the page names it.
    let named = match filter.constellation {
        Some(c) => format!(" in {}", state.store.constellation(scope, c).await?.name),
        None => String::new(),
    };
    let request = params.page_request();
    let page = state.store.events(scope, &filter, &request).await?;
    let mut table = Table::new(
        &["When", "Event", "Kind", "Constellation"],
        match (filter.month, filter.upcoming) {
            (Some(m), _) => format!("No events{named} in {}.", m.label()),
            (None, Some(false)) => format!("No past events{named}."),
            _ => format!("No events planned{named} yet."),
        },
    );
    for e in &page.items {
        table.row(vec![
            Cell::text(when(e)),
            Cell::link(what(e), format!("/events/{}", e.id)),
            Cell::text(e.kind),
            Cell::text(&e.constellation_name),
        ]);
    }
    let constellation = filter.constellation.map(|c| ("constellation_id", c.to_string()));
    let href = |pairs: Vec<(&str, String)>| {
        let mut pairs = pairs;
        pairs.extend(constellation.clone());
        format!("/events?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    };
    let mut keep: Vec<(&'static str, String)> = constellation.clone().into_iter().collect();
    let (title, links) = match (filter.month, filter.upcoming) {
        (Some(m), _) => {
            keep.push(("month", m.to_string()));
            (
                format!("Events{named}: {}", m.label()),
                vec![
                    Link::new(
                        href(vec![("month", m.previous().to_string())]),
                        format!("Previous month ({})", m.previous().label()),
                    ),
                    Link::new(
                        href(vec![("month", m.next().to_string())]),
                        format!("Next month ({})", m.next().label()),
                    ),
                    Link::new(href(vec![]), "Upcoming events"),
                ],
            )
        }
        (None, Some(false)) => {
            keep.push(("status", "past".into()));
            (format!("Past events{named}"), vec![Link::new(href(vec![]), "Upcoming events")])
        }
        _ => (
            format!("Upcoming events{named}"),
            vec![
                Link::new(
                    href(vec![("month", domain::Date::today().month().to_string())]),
                    "This month's events",
                ),
                Link::new(href(vec![("status", "past".into())]), "Past events"),
            ],
        ),
    };
    let choices = if scope.grants().iter().any(|g| g.role.sees(domain::Sensitivity::People)) {
        choices::constellations(&state, scope, None).await?
    } else {
        Vec::new()
    };
    let as_text = filter.constellation.map(|c| c.to_string());
    let mut view =
        ListPage::new(&LIST, &page, request.search.as_deref(), keep, table).filters(vec![
            Field::select("constellation_id", "Constellation", &as_text, choices)
                .any("Every constellation"),
        ]);
    view.title = title;
    view.links = links;
    if scope.runs_support() {
        let add = match filter.constellation {
            Some(c) => format!("/events/new?constellation_id={c}"),
            None => "/events/new".into(),
        };
        view.add = Some(Link::new(add, "Add an event"));
    }
    Ok(render(&view))
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

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    params: ListParams,
) -> Result<Response> {
    let scope = &caller.scope;
    let e = state.store.event(scope, path_id(&id)?).await?;
    let now = Timestamp::now();
    let mut page = DetailPage::new(what(&e), "events", e.kind.label());
    // Straight after a form: say it is saved.
    if params.status.as_deref() == Some("saved") {
        page.notice = Some("Saved.".into());
    }
    if e.cancelled {
        page.notice = Some(format!("Cancelled: {}", e.cancelled_reason.as_deref().unwrap_or("")));
    }
    page.row("When", when(&e));
    page.row("Where", or_dash(e.place.as_ref()));
    page.row("Constellation", &e.constellation_name);
    page.row("Note", or_dash(e.note.as_ref()));
    let home = scope.own_household();
    if let Some(h) = home {
        let mine = e.replies.iter().find(|r| r.household_id == h);
        page.row("Your answer", mine.map(|r| r.answer.label()).unwrap_or("Not answered yet"));
        if e.check_replies_open(now).is_ok() {
            page.buttons = ReplyAnswer::ALL
                .iter()
                .map(|a| {
                    Link::new(
                        format!("/events/{}/reply/{}", e.id, a.as_str()),
                        format!("Reply: {}", a.label()),
                    )
                })
                .collect();
        }
    }
    let mut answers = Table::new(
        &["Household", "Answer", "Answered by"],
        if e.started(now) { "No household answered." } else { "No answers yet." },
    );
    for r in &e.replies {
        answers.row(vec![
            Cell::text(&r.household_name),
            Cell::text(r.answer),
            Cell::text(format!("{}, {}", r.replied_by, wall_clock(r.replied_at))),
        ]);
    }
    page.sections.push(Section { title: "Answers".into(), table: answers, actions: vec![] });
    let mut came = Table::new(
        &["Household", "Adults", "Children", "Carers' own sons and daughters (of the children)"],
        if e.started(now) { "Nobody recorded yet." } else { "Recorded once the event starts." },
    );
    for a in &e.attendance {
        came.row(vec![
            Cell::text(&a.household_name),
            Cell::text(a.adults),
            Cell::text(a.children),
            Cell::text(a.sons_daughters),
        ]);
    }
    if !e.attendance.is_empty() {
        let (adults, children, sons) = e.head_count();
        came.row(vec![
            Cell::text("All households (total)"),
            Cell::text(adults),
            Cell::text(children),
            Cell::text(sons),
        ]);
    }
    let runs = scope.may(domain::Power::Support {
        service: e.service_id,
        constellation: Some(e.constellation_id),
    });
    let record = if runs && e.check_attendance_open(now).is_ok() {
        vec![Link::new(format!("/events/{}/attendance", e.id), "Record who came")]
    } else {
        vec![]
    };
    page.sections.push(Section { title: "Who came".into(), table: came, actions: record });
    if runs && !e.cancelled {
        page.actions = vec![Link::new(format!("/events/{}/edit", e.id), "Change")];
        if e.attendance.is_empty() {
            page.actions.push(Link::new(format!("/events/{}/cancel", e.id), "Cancel the event"));
        }
    }
    page.actions.push(Link::new(
        format!("/events?constellation_id={}", e.constellation_id),
        "The constellation's events",
    ));
    Ok(render(&page))
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
