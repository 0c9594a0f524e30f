//! Concerns: the open ones first, and one with its red flag and the support linked to it.
//! Raising one is in `raise`, closing one in `close`, linking support in `link`.

mod close;
mod link;
mod raise;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::support::Concern;
use domain::{Choice, ConcernOutcome, Power, wall_clock};

use crate::api::concerns::filter;
use crate::caller::Caller;
use crate::extract::{ListParams, path_id};
use crate::views::{Cell, DetailPage, Link, ListOf, ListPage, Section, Table, or_dash, render};
use crate::{AppState, Result};

const LIST: ListOf =
    ListOf { title: "Concerns", section: "concerns", noun: "concerns", path: "/concerns" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/concerns", get(list))
        .route("/concerns/{id}", get(show))
        .merge(raise::router())
        .merge(close::router())
        .merge(link::router())
}

fn state_of(c: &Concern) -> String {
    match (c.closed_on, c.outcome) {
        (Some(on), Some(outcome)) => format!("Closed {}: {}", on.long(), outcome.label()),
        _ if c.red_flag.is_some() => "Open: red flag".into(),
        _ => "Open".into(),
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let scope = &caller.scope;
    let mut filter = filter(&params)?;
    if params.status.is_none() {
        filter.open = Some(true);
    }
    let household = match filter.household {
        Some(h) => Some(state.store.household(scope, h).await?),
        None => None,
    };
    let request = params.page_request();
    let page = state.store.concerns(scope, &filter, &request).await?;
    let mut table = Table::new(
        &["About", "Kind", "Opened", "State"],
        match filter.open {
            Some(true) => "No open concerns.",
            Some(false) => "No closed concerns.",
            None => "No concerns recorded.",
        },
    );
    for c in &page.items {
        table.row(vec![
            Cell::link(c.subject(), format!("/concerns/{}", c.id)),
            Cell::text(c.kind),
            Cell::text(c.opened_on.long()),
            Cell::text(state_of(c)),
        ]);
    }
    let status = match filter.open {
        Some(true) => "open",
        Some(false) => "closed",
        None => "all",
    };
    let mut keep = vec![("status", status.to_string())];
    keep.extend(filter.household.map(|h| ("household_id", h.to_string())));
    let href = |s: &str| {
        let mut pairs = vec![("status", s.to_string())];
        pairs.extend(filter.household.map(|h| ("household_id", h.to_string())));
        format!("/concerns?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    };
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), keep, table);
    view.title = match (&household, filter.open) {
        (Some(h), _) => format!("Concerns about {}", h.display_name),
        (None, Some(true)) => "Open concerns".into(),
        (None, Some(false)) => "Closed concerns".into(),
        (None, None) => "Concerns".into(),
    };
    view.links = ["open", "closed", "all"]
        .iter()
        .filter(|s| **s != status)
        .map(|s| Link::new(href(s), format!("Show {s} concerns")))
        .collect();
    view.intro = Some(
        "A concern is a time when a placement is at risk, a carer may resign or a move to residential care is likely. The liaison worker closes it with what happened."
            .into(),
    );
    if scope.runs_support() {
        let add = match filter.household {
            Some(h) => format!("/concerns/new?household_id={h}"),
            None => "/concerns/new".into(),
        };
        view.add = Some(Link::new(add, "Raise a concern"));
    }
    Ok(render(&view))
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let scope = &caller.scope;
    let c = state.store.concern(scope, path_id(&id)?).await?;
    let home = state.store.household(scope, c.household_id).await?;
    let mut page =
        DetailPage::new(format!("{}: {}", c.kind.label(), c.subject()), "concerns", "Concern");
    if let (Some(flag), true) = (&c.red_flag, c.is_open()) {
        page.urgent = Some(Link::new(format!("/concerns/{}", c.id), format!("Red flag. {flag}.")));
    }
    if let Some(counted) = c.counts_as() {
        page.notice = Some(format!("{counted}: the monthly return counts it."));
    }
    page.row("Household", &c.household_name);
    page.row(
        "Raised",
        match c.opened_by.as_str() {
            "" => c.opened_on.long(),
            by => format!("{} by {by}", c.opened_on.long()),
        },
    );
    page.row("What is happening", or_dash(c.note.as_ref()));
    page.row("Red flag", or_dash(c.red_flag.as_ref()));
    page.row("State", state_of(&c));
    if !c.is_open() {
        let helped = match c.attributed {
            Some(true) => "Yes",
            _ if c.outcome == Some(ConcernOutcome::Stabilised) => "No",
            _ => "–",
        };
        page.row("Put down to the constellation's support", helped);
        page.row("Closed by", or_dash(c.closed_by.as_ref()));
        page.row("What happened", or_dash(c.closing_note.as_ref()));
    }
    let mut actions = Table::new(&["Support", "Linked"], "No support linked yet.");
    for a in &c.actions {
        let path = match a.kind {
            domain::support::ActionKind::Contact => "contacts",
            domain::support::ActionKind::Sleepover => "sleepovers",
            domain::support::ActionKind::Event => "events",
        };
        actions.row(vec![
            Cell::link(&a.what, format!("/{path}/{}", a.record_id)),
            Cell::text(format!("{} by {}", wall_clock(a.linked_at), a.linked_by)),
        ]);
    }
    let support = Power::Support { service: c.service_id, constellation: home.constellation_id };
    let link = if c.is_open() && scope.may(support) {
        vec![Link::new(format!("/concerns/{}/link", c.id), "Link support given")]
    } else {
        vec![]
    };
    page.sections.push(Section { title: "Support given".into(), table: actions, actions: link });
    if c.is_open() && scope.may(Power::CloseConcern(home.constellation_id)) {
        page.actions.push(Link::new(format!("/concerns/{}/close", c.id), "Close the concern"));
    }
    page.actions.push(Link::new(
        format!("/concerns?household_id={}&status=all", c.household_id),
        "Concerns about this household",
    ));
    Ok(render(&page))
}
