//! Sleepover pages: the list with emergencies at the top, asking, one sleepover and its answers,
//! a host's month, its unavailable nights, and a service's rules.

mod calendar;
mod request;
mod settings;
mod show;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use domain::sleepovers::Sleepover;
use domain::{Date, Month, Page, PageRequest, Scope, SleepoverStatus};
use store::SleepoverFilter;

use crate::caller::Caller;
use crate::extract::ListParams;
use crate::views::{Cell, DetailPage, Link, Section, Table, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sleepovers", get(list))
        .merge(request::router())
        .merge(show::router())
        .merge(calendar::router())
        .merge(settings::router())
}

/// Emergency requests waiting for an answer, oldest first: a link that stands at the top of
/// the hub carer's and the liaison worker's screens.
pub async fn emergencies(state: &AppState, scope: &Scope) -> Result<Option<Link>> {
    let filter = SleepoverFilter { emergencies_waiting: true, ..Default::default() };
    let page =
        state.store.sleepovers(scope, &filter, &PageRequest::new(Some(1), Some(1), None)).await?;
    Ok(page.items.first().map(|oldest| {
        let text = match page.total {
            1 => "1 emergency request is waiting for an answer".to_string(),
            n => format!("{n} emergency requests are waiting for an answer"),
        };
        let href = if page.total == 1 {
            format!("/sleepovers/{}", oldest.id)
        } else {
            "/sleepovers".into()
        };
        Link::new(href, text)
    }))
}

fn who(s: &Sleepover) -> String {
    let names: Vec<&str> = s.children.iter().map(|c| c.name.as_str()).collect();
    if names.is_empty() { "–".into() } else { names.join(", ") }
}

fn nights(s: &Sleepover) -> String {
    if s.nights == 1 {
        s.first_night.long()
    } else {
        format!("{} nights from {}", s.nights, s.first_night.long())
    }
}

fn table(items: &[Sleepover], empty: &str) -> Table {
    let mut table = Table::new(&["Nights", "Children", "From", "Staying with", "Status"], empty);
    for s in items {
        table.row(vec![
            Cell::link(nights(s), format!("/sleepovers/{}", s.id)),
            Cell::text(who(s)),
            Cell::text(&s.from_household_name),
            Cell::text(&s.host_household_name),
            Cell::text(format!("{} · {}", s.title(), s.status)),
        ]);
    }
    table
}

/// A section of the list; its title says when it shows only some, and which.
fn section(title: &str, page: &Page<Sleepover>, empty: &str, which: &str) -> Section {
    let shown = page.items.len() as u64;
    let title = if page.total > shown {
        format!("{title} ({} in all: the {shown} {which} shown)", page.total)
    } else {
        title.to_string()
    };
    Section { title, table: table(&page.items, empty), actions: vec![] }
}

/// One month's sleepovers that hold or held nights in it: what a monthly return counts.
async fn month_list(state: &AppState, scope: &Scope, month: Month) -> Result<Response> {
    let filter = SleepoverFilter {
        live: true,
        from: Some(month.first_day()),
        to: Some(month.last_day()),
        soonest_first: true,
        ..Default::default()
    };
    let found =
        state.store.sleepovers(scope, &filter, &PageRequest::new(Some(1), Some(100), None)).await?;
    let mut page = DetailPage::new(
        format!("Sleepovers and short breaks: {}", month.label()),
        "sleepovers",
        "Constellate",
    );
    page.caption = None;
    page.actions = vec![
        Link::new(
            format!("/sleepovers?month={}", month.previous()),
            format!("Previous month ({})", month.previous().label()),
        ),
        Link::new(
            format!("/sleepovers?month={}", month.next()),
            format!("Next month ({})", month.next().label()),
        ),
        Link::new("/sleepovers", "Sleepovers to act on"),
    ];
    let empty = format!("No sleepover has a night in {}.", month.label());
    page.sections = vec![section("Asked for, booked or held", &found, &empty, "soonest")];
    Ok(render(&page))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let scope = &caller.scope;
    if let Some(month) = params.opt_month()? {
        return month_list(&state, scope, month).await;
    }
    let store = &state.store;
    let today = Date::today();
    let many = PageRequest::new(Some(1), Some(50), None);
    // What needs doing soonest comes first; the latest closed first.
    let waiting = SleepoverFilter {
        status: Some(SleepoverStatus::Requested),
        from: Some(today),
        soonest_first: true,
        ..Default::default()
    };
    let coming = SleepoverFilter {
        status: Some(SleepoverStatus::Confirmed),
        from: Some(today),
        soonest_first: true,
        ..Default::default()
    };
    let to_close = SleepoverFilter {
        open: true,
        ended_before: Some(today),
        soonest_first: true,
        ..Default::default()
    };
    // The latest only: a service's closed stays run to thousands, and counting them all would
    // read each one.
    let settled = SleepoverFilter { settled: true, ..Default::default() };
    let latest = PageRequest::first(25);
    let (waiting, coming, to_close, settled) = tokio::try_join!(
        store.sleepovers(scope, &waiting, &many),
        store.sleepovers(scope, &coming, &many),
        store.sleepovers(scope, &to_close, &many),
        store.sleepovers(scope, &settled, &latest),
    )?;

    let mut page = DetailPage::new("Sleepovers and short breaks", "sleepovers", "Constellate");
    page.caption = None;
    page.urgent = emergencies(&state, scope).await?;
    page.actions = vec![Link::new("/sleepovers/new", "Ask for a sleepover")];
    page.sections = vec![
        section("Waiting for an answer", &waiting, "No requests are waiting.", "soonest"),
        section("Coming up", &coming, "No sleepovers are booked.", "soonest"),
        section(
            "To close: past their last night",
            &to_close,
            "Nothing to close. After a stay, the host marks it completed or records that it did \
             not happen.",
            "oldest",
        ),
        section("Answered and closed: the latest", &settled, "None yet.", "latest"),
    ];
    Ok(render(&page))
}
