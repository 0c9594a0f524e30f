//! A constellation's calendar of events: the list of what is coming, a month at a glance, and
//! one event with its answers and who came. Planning, changing and cancelling one are in `plan`;
//! who comes and who came in `attendance`.

mod attendance;
mod plan;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::support::{Event, ReplyAnswer};
use domain::{Choice, local_minute, wall_clock};
use jiff::Timestamp;

use crate::AppState;
use crate::Result;
use crate::api::events::filter;
use crate::caller::Caller;
use crate::extract::{ListParams, path_id};
use crate::pages::choices;
use crate::views::{
    Cell, DetailPage, Field, Link, ListOf, ListPage, Section, Table, or_dash, render,
};

const LIST: ListOf = ListOf { title: "Events", section: "events", noun: "events", path: "/events" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(show))
        .merge(plan::router())
        .merge(attendance::router())
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
    let runs = scope.may(domain::Power::Support {
        service: e.service_id,
        constellation: Some(e.constellation_id),
    });
    let take = if runs && e.check_replies_open(now).is_ok() {
        vec![Link::new(format!("/events/{}/answer", e.id), "Record a household's answer")]
    } else {
        vec![]
    };
    page.sections.push(Section { title: "Answers".into(), table: answers, actions: take });
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
