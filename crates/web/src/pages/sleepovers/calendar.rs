//! A host's month: free beds each night, who is booked, and the nights it is away.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::sleepovers::Sleepover;
use domain::{Date, Scope, SleepoverStatus};

use crate::caller::Caller;
use crate::extract::{ListParams, path_id};
use crate::views::{Cell, DetailPage, Link, Section, Table, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/households/{id}/calendar", get(calendar))
}

fn booked(night: Date, sleepovers: &[Sleepover]) -> String {
    let on: Vec<String> = sleepovers
        .iter()
        .filter(|s| s.first_night <= night && night <= s.last_night)
        .map(|s| {
            let who = super::who(s);
            match s.status {
                SleepoverStatus::Requested => format!("{who} (asked)"),
                _ => who,
            }
        })
        .collect();
    if on.is_empty() { "–".into() } else { on.join("; ") }
}

async fn calendar(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    params: ListParams,
) -> Result<Response> {
    let id = path_id(&id)?;
    let month = params.month()?;
    let scope: &Scope = &caller.scope;
    let c = state.store.host_calendar(scope, id, month).await?;
    let hosts = c.may_host;

    let mut page = DetailPage::new(
        format!("Sleepover beds at {}", c.household_name),
        "sleepovers",
        &month.label(),
    );
    page.row("Beds kept for sleepovers", c.beds);
    let here = format!("/households/{id}/calendar");
    // Two years either way: far enough to plan, and no endless trail of empty months.
    let this = Date::today().month();
    let (earliest, latest) =
        (this.first_day().add_days(-731).month(), this.first_day().add_days(731).month());
    page.actions = Vec::new();
    if month > earliest {
        page.actions.push(Link::new(
            format!("{here}?month={}", month.previous()),
            format!("Previous month ({})", month.previous().label()),
        ));
    }
    if month < latest {
        page.actions.push(Link::new(
            format!("{here}?month={}", month.next()),
            format!("Next month ({})", month.next().label()),
        ));
    }
    page.actions.push(Link::new("/sleepovers/new", "Ask for a sleepover"));
    if hosts {
        page.actions.push(Link::new(
            format!("/households/{id}/unavailable/new"),
            "Mark nights unavailable",
        ));
    }
    let mut nights = Table::new(&["Night", "Beds free", "Booked"], "");
    nights.caption = Some(format!("Beds free each night in {}", month.label()));
    nights.compact = true;
    for n in &c.nights {
        let free = if n.unavailable {
            "Unavailable".to_string()
        } else if n.free == 0 {
            "Full".to_string()
        } else {
            format!("{} of {}", n.free, n.beds)
        };
        nights.row(vec![
            Cell::text(n.night.day_of_month()),
            Cell::text(free),
            Cell::text(booked(n.night, &c.sleepovers)),
        ]);
    }
    let mut away = Table::new(
        &["From", "To", "Reason", "Change"],
        "No nights are marked unavailable this month.",
    );
    for u in &c.unavailable {
        away.row(vec![
            Cell::text(u.from_on.long()),
            Cell::text(u.to_on.long()),
            Cell::text(u.reason.clone().unwrap_or_else(|| "Unavailable".into())),
            if hosts {
                Cell::link("Open these nights again", format!("/unavailable/{}/withdraw", u.id))
            } else {
                Cell::text("–")
            },
        ]);
    }
    page.sections = vec![
        Section { title: "Nights".into(), table: nights, actions: vec![] },
        Section { title: "Nights away".into(), table: away, actions: vec![] },
    ];
    Ok(render(&page))
}
