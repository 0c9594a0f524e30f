//! Brothers and sisters on a child's page, and sibling contact: a month of meetings found in
//! events and sleepovers or recorded, a form to record one, and withdrawing one recorded by
//! mistake.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::registry::{Child, caps};
use domain::sleepovers::AnswerInput;
use domain::support::{
    SiblingContact, SiblingContactDraft, SiblingContactInput, SiblingLinkInput, SiblingSource,
};
use domain::{Date, Id, Page, Power, Scope};
use store::SiblingContactFilter;

use super::{parse_then, saved_or_form};
use crate::api::siblings::filter;
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{
    Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Section, Table, render,
};
use crate::{AppError, AppState, Result};

const LIST: ListOf = ListOf {
    title: "Sibling contact",
    section: "children",
    noun: "meetings",
    path: "/sibling-contacts",
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/siblings/new", get(link_form).post(link))
        .route("/children/{id}/siblings/leave", get(leave_form).post(leave))
        .route("/sibling-contacts", get(list))
        .route("/sibling-contacts/new", get(new).post(record))
        .route("/sibling-contacts/{id}/withdraw", get(withdraw_form).post(withdraw))
}

/// The child page's sections: brothers and sisters, and (for whoever runs support) the last
/// year's sibling contact.
pub async fn child_sections(state: &AppState, scope: &Scope, k: &Child) -> Result<Vec<Section>> {
    let mut sections = Vec::new();
    let keeps = scope.may(Power::KeepRecords(k.service_id));
    let siblings = state.store.siblings(scope, k.id).await?;
    if keeps || !siblings.is_empty() {
        let mut table =
            Table::new(&["Name", "Household"], "No brother or sister linked in Constellate.");
        for s in &siblings {
            let home = match (&s.household_name, s.household_id) {
                (Some(name), Some(id)) => Cell::link(name, format!("/households/{id}")),
                _ => Cell::text("–"),
            };
            table.row(vec![Cell::link(&s.name, format!("/children/{}", s.id)), home]);
        }
        let mut actions = Vec::new();
        if keeps {
            actions.push(Link::new(
                format!("/children/{}/siblings/new", k.id),
                "Link a brother or sister",
            ));
            if !siblings.is_empty() {
                actions.push(Link::new(
                    format!("/children/{}/siblings/leave", k.id),
                    "Take out of this sibling group",
                ));
            }
        }
        sections.push(Section { title: "Brothers and sisters".into(), table, actions });
    }
    if scope.runs_support() && !siblings.is_empty() {
        let today = Date::today();
        let filter = SiblingContactFilter {
            from: today.add_days(-365),
            to: today,
            child: Some(k.id),
            constellation: None,
            service: None,
        };
        let found = state.store.sibling_contacts(scope, &filter).await?;
        let mut table = table_of("No sibling contact in the last year.");
        for c in &found {
            table.row(row_of(c, scope));
        }
        let record = Link::new(
            format!("/sibling-contacts/new?child_id={}", k.id),
            "Record a sibling contact",
        );
        let all = Link::new("/sibling-contacts", "All sibling contact this month");
        sections.push(Section {
            title: "Sibling contact in the last year".into(),
            table,
            actions: vec![record, all],
        });
    }
    Ok(sections)
}

fn table_of(empty: impl Into<String>) -> Table {
    Table::new(&["Day", "Who met, from where", "How", "Found in", "Withdraw"], empty)
}

fn row_of(c: &SiblingContact, scope: &Scope) -> Vec<Cell> {
    let found = match c.source {
        SiblingSource::Event => Cell::link("The event", format!("/events/{}", c.record_id)),
        SiblingSource::Sleepover => {
            Cell::link("The sleepover", format!("/sleepovers/{}", c.record_id))
        }
        SiblingSource::Recorded => {
            Cell::text(format!("Recorded by {}", c.recorded_by.clone().unwrap_or_default()))
        }
    };
    let withdraw = if c.may_withdraw(scope) {
        Cell::link("Withdraw", format!("/sibling-contacts/{}/withdraw", c.record_id))
    } else {
        Cell::text("–")
    };
    vec![Cell::text(c.on.long()), Cell::text(c.who_met()), Cell::text(&c.what), found, withdraw]
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let scope = &caller.scope;
    if !scope.runs_support() {
        let mut page = DetailPage::new("Sibling contact", "children", "Constellate");
        page.caption = None;
        page.notice =
            Some("Sibling contact is kept by the hub carer and the liaison worker.".into());
        return Ok(render(&page));
    }
    let month = params.month().unwrap_or_else(|_| Date::today().month());
    let mut filter = filter(&params)?;
    (filter.from, filter.to) = (month.first_day(), month.last_day());
    let mut found = state.store.sibling_contacts(scope, &filter).await?;
    let request = params.page_request();
    if let Some(words) = request.search.as_deref().map(str::to_lowercase) {
        found.retain(|c| {
            let text = format!("{} {}", c.who_met(), c.what).to_lowercase();
            text.contains(&words)
        });
    }
    let total = found.len() as u64;
    let items: Vec<SiblingContact> =
        found.into_iter().skip(request.offset() as usize).take(request.limit() as usize).collect();
    let mut table = table_of(format!("No sibling contact found or recorded in {}.", month.label()));
    table.caption = Some(format!("Sibling contact in {}", month.label()));
    for c in &items {
        table.row(row_of(c, scope));
    }
    let page = Page { items, page: request.page, per_page: request.per_page, total };
    let keep = |m: domain::Month| vec![("month", m.to_string())];
    let href = |m: domain::Month| format!("/sibling-contacts?month={m}");
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), keep(month), table)
        .filters(vec![
            Field::month("month", "Month", &Some(month.to_string())).hint("For example, 2026-11"),
        ]);
    view.title = format!("Sibling contact: {}", month.label());
    view.links = vec![
        Link::new(href(month.previous()), format!("Previous month ({})", month.previous().label())),
        Link::new(href(month.next()), format!("Next month ({})", month.next().label())),
    ];
    view.intro = Some(
        "Brothers and sisters placed in different households who met through the constellation: found in events (both households brought children) and sleepovers (under one roof on the same night), or recorded. To record one, open a child's page.".into(),
    );
    if params.status.as_deref() == Some("withdrawn") {
        view.notice = Some("Withdrawn: the record is kept, and no longer counted.".into());
    }
    Ok(render(&view))
}

async fn link_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &SiblingLinkInput,
) -> Result<FormPage> {
    let k = state.store.child(scope, id).await?;
    let choices = state.store.sibling_choices(scope, id).await?;
    let options = choices.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let mut page = FormPage::new(
        format!("Link a brother or sister to {}", k.name),
        "children",
        format!("/children/{id}/siblings/new"),
        format!("/children/{id}"),
    )
    .fields(vec![Field::select("sibling_id", "Brother or sister", &input.sibling_id, options)]);
    page.intro = Some(
        "If either child already has brothers and sisters linked, all of them become one group."
            .into(),
    );
    page.submit = "Link";
    Ok(page)
}

async fn link_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    Ok(link_page(&state, &caller.scope, id, &SiblingLinkInput::default()).await?.respond())
}

async fn link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<SiblingLinkInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result =
        parse_then(input.parse(id), |s| async move { store.link_sibling(&scope, id, s).await })
            .await;
    let page = link_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |_| format!("/children/{id}?status=linked"), || page)
}

async fn leave_page(state: &AppState, scope: &Scope, id: Id) -> Result<FormPage> {
    let k = state.store.child(scope, id).await?;
    let mut page = FormPage::new(
        format!("Take {} out of their sibling group", k.name),
        "children",
        format!("/children/{id}/siblings/leave"),
        format!("/children/{id}"),
    );
    page.intro = Some(
        "For a link made by mistake. Sibling contact already recorded is kept; meetings are no longer found for this child."
            .into(),
    );
    page.submit = "Take out of the group";
    Ok(page)
}

async fn leave_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    Ok(leave_page(&state, &caller.scope, path_id(&id)?).await?.respond())
}

async fn leave(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let result = state.store.unlink_sibling(&caller.scope, id).await.map_err(AppError::from);
    let page = leave_page(&state, &caller.scope, id).await?;
    saved_or_form(result, |_| format!("/children/{id}?status=left"), || page)
}

async fn record_page(
    state: &AppState,
    scope: &Scope,
    child: Id,
    input: &SiblingContactInput,
) -> Result<FormPage> {
    let k = state.store.child(scope, child).await?;
    let mut options = vec![(k.id.to_string(), k.name.clone())];
    for s in state.store.siblings(scope, child).await? {
        options.push((s.id.to_string(), s.name));
    }
    let ticked = match &input.child_ids {
        Some(ids) => ids.join(","),
        None => options.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>().join(","),
    };
    let today = Some(Date::today().to_string());
    let mut page = FormPage::new(
        format!("Record a sibling contact for {}", k.name),
        "children",
        format!("/sibling-contacts/new?child_id={child}"),
        format!("/children/{child}"),
    )
    .fields(vec![
        Field::checkboxes("child_ids", "Who met", &Some(ticked), options)
            .hint("Tick the brothers and sisters who were there."),
        Field::date("on", "Day they met", &input.on.clone().or(today)),
        Field::text("note", "How they met", &input.note, caps::SHORT)
            .hint("For example: an afternoon at the hub, then the park."),
    ]);
    page.intro = Some(
        "Meetings at events and sleepovers are found without recording them. Record the others the constellation made happen."
            .into(),
    );
    page.submit = "Record";
    Ok(page)
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let Some(child) = params.id("child_id")? else {
        return Ok(Redirect::to("/children").into_response());
    };
    let page = record_page(&state, &caller.scope, child, &SiblingContactInput::default()).await?;
    Ok(page.respond())
}

async fn record(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
    FormInput(input): FormInput<SiblingContactInput>,
) -> Result<Response> {
    let Some(child) = params.id("child_id")? else {
        return Ok(Redirect::to("/children").into_response());
    };
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(SiblingContactDraft::parse(&input, Date::today()), |d| async move {
        store.record_sibling_contact(&scope, &d).await
    })
    .await;
    let page = record_page(&state, &caller.scope, child, &input).await?;
    saved_or_form(result, |_| format!("/children/{child}?status=recorded"), || page)
}

async fn withdraw_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &AnswerInput,
) -> Result<FormPage> {
    let c = state.store.recorded_sibling_contact(scope, id).await?;
    let mut page = FormPage::new(
        "Withdraw a recorded sibling contact",
        "children",
        format!("/sibling-contacts/{id}/withdraw"),
        "/sibling-contacts".to_string(),
    )
    .fields(vec![Field::text("reason", "Why it is withdrawn", &input.reason, caps::SHORT)]);
    page.intro = Some(format!(
        "{} met on {}: {}. For a meeting recorded by mistake: the record is kept, with your reason, and is no longer counted.",
        c.names(),
        c.on.long(),
        c.what.trim_end_matches(['.', ' '])
    ));
    page.submit = "Withdraw";
    Ok(page)
}

async fn withdraw_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    Ok(withdraw_page(&state, &caller.scope, id, &AnswerInput::default()).await?.respond())
}

async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<AnswerInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let reason = input.reason.clone().unwrap_or_default();
    let result = state
        .store
        .withdraw_sibling_contact(&caller.scope, id, &reason)
        .await
        .map_err(AppError::from);
    let page = withdraw_page(&state, &caller.scope, id, &input).await?;
    let month = state.store.recorded_sibling_contact(&caller.scope, id).await?.on.month();
    saved_or_form(result, |_| format!("/sibling-contacts?month={month}&status=withdrawn"), || page)
}
