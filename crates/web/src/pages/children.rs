use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::{Child, ChildDraft, ChildInput, caps};
use domain::{Arrangement, Choice, Date, Id, Scope};

use super::{choices, parse_then, saved_or_form};
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{
    Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Section, Table, or_dash, render,
};
use crate::{AppState, Result};

const LIST: ListOf = ListOf {
    title: "Children and young people",
    section: "children",
    noun: "children",
    path: "/children",
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/children", get(list).post(create))
        .route("/children/new", get(new))
        .route("/children/{id}", get(show))
        .route("/children/{id}/edit", get(edit).post(update))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let request = params.page_request();
    let household = params.id("household_id")?;
    let page = state.store.children(&caller.scope, household, &request).await?;
    let mut table = Table::new(&["Name", "Household", "Arrangement", "Born"], "No children yet.");
    for k in &page.items {
        let home = match (&k.household_name, k.household_id) {
            (Some(name), Some(id)) => Cell::link(name, format!("/households/{id}")),
            _ => Cell::text("–"),
        };
        table.row(vec![
            Cell::link(&k.name, format!("/children/{}", k.id)),
            home,
            Cell::text(or_dash(k.arrangement)),
            Cell::text(or_dash(Some(&k.birth_month).filter(|b| !b.is_empty()))),
        ]);
    }
    let keep = household.map(|h| vec![("household_id", h.to_string())]).unwrap_or_default();
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), keep, table);
    view.add = Some(Link::new("/children/new", "Add a child"));
    if caller.scope.runs_support() {
        view.links = vec![Link::new("/sibling-contacts", "Sibling contact this month")];
    }
    Ok(render(&view))
}

async fn form(
    state: &AppState,
    scope: &Scope,
    input: &ChildInput,
    action: String,
    cancel: String,
    title: &str,
    creating: bool,
) -> Result<FormPage> {
    let service = input.service_id.as_deref().and_then(|s| s.parse::<Id>().ok());
    let service_field = if creating {
        Field::select(
            "service_id",
            "Service",
            &input.service_id,
            choices::services(state, scope).await?,
        )
    } else {
        Field::hidden("service_id", &input.service_id)
    };
    let households = choices::households(state, scope, service).await?;
    Ok(FormPage::new(title, "children", action, cancel).fields(vec![
        service_field,
        Field::text("name", "Name or initials", &input.name, caps::NAME),
        Field::month("birth_month", "Month of birth", &input.birth_month),
        Field::choice::<Arrangement>("arrangement", "Arrangement", &input.arrangement),
        Field::select("household_id", "Household", &input.household_id, households).optional(),
        Field::textarea("needs_notes", "Needs", &input.needs_notes, caps::NOTE)
            .optional()
            .hint("Sensitive: seen only by the service"),
        Field::textarea(
            "shareable_notes",
            "Notes to share with hosts",
            &input.shareable_notes,
            caps::NOTE,
        )
        .optional()
        .hint("Allergies and routines a host carer needs for a sleepover"),
        Field::text(
            "da_granted_by",
            "Delegated authority for overnight stays: granted by",
            &input.da_granted_by,
            caps::NAME,
        )
        .optional(),
        Field::date("da_granted_on", "Delegated authority granted on", &input.da_granted_on)
            .optional(),
        Field::text(
            "da_scope",
            "What the delegated authority covers",
            &input.da_scope,
            caps::SHORT,
        )
        .optional(),
        Field::date("da_review_on", "Delegated authority review date", &input.da_review_on)
            .optional(),
    ]))
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let input = ChildInput {
        service_id: params.service_id.clone(),
        household_id: params.household_id.clone(),
        ..Default::default()
    };
    Ok(form(
        &state,
        &caller.scope,
        &input,
        "/children".into(),
        "/children".into(),
        "Add a child",
        true,
    )
    .await?
    .respond())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<ChildInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(ChildDraft::parse(&input, Date::today()), |d| async move {
        store.create_child(&scope, &d).await
    })
    .await;
    let page = form(
        &state,
        &caller.scope,
        &input,
        "/children".into(),
        "/children".into(),
        "Add a child",
        true,
    )
    .await?;
    saved_or_form(result, |k| format!("/children/{}", k.id), || page)
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    params: ListParams,
) -> Result<Response> {
    let id = path_id(&id)?;
    let k = state.store.open_child(&caller.scope, id).await?;
    let placements = state.store.placements_of_child(&caller.scope, id).await?;
    let mut page = DetailPage::new(&k.name, "children", "Child or young person");
    // Straight after a form about brothers and sisters: say what it did.
    page.notice = match params.status.as_deref() {
        Some("linked") => Some("Linked: they are brothers and sisters in Constellate.".into()),
        Some("left") => Some("Taken out of the sibling group.".into()),
        Some("recorded") => Some("Sibling contact recorded.".into()),
        _ => None,
    };
    // A record is shown whole exactly where the caller's staff grant reaches it; a carer's view
    // withholds the arrangement, and the birth month and needs with it.
    let whole = k.arrangement.is_some();
    if let Some(arrangement) = k.arrangement {
        page.row("Born", &k.birth_month);
        page.row("Arrangement", arrangement);
    }
    page.row("Household", or_dash(k.household_name.as_ref()));
    if whole {
        page.row("Needs", or_dash(k.needs_notes.as_ref()));
    }
    page.row("Notes to share with hosts", or_dash(k.shareable_notes.as_ref()));
    let authority = match (k.da_granted_on, k.da_review_on) {
        (Some(on), Some(review)) => {
            let state = if review < Date::today() { "Overdue for review" } else { "In place" };
            match &k.da_granted_by {
                Some(by) => format!("{state}: granted by {by} on {on}, review by {review}"),
                None => format!("{state}, review by {review}"),
            }
        }
        _ => "Not recorded".into(),
    };
    page.row("Delegated authority for overnight stays", authority);
    page.actions = vec![Link::new(format!("/children/{id}/edit"), "Change")];
    let mut table = Table::new(
        &["Household", "Type", "From", "To", "Reason for ending", "Ending", "Record"],
        "No placements recorded.",
    );
    for p in &placements {
        let action = match p.to_on {
            None => Cell::link("End placement", format!("/placements/{}/end", p.id)),
            Some(_) => Cell::text(match p.planned_ending {
                Some(true) => "Planned ending",
                Some(false) => "Unplanned ending",
                None => "",
            }),
        };
        table.row(vec![
            Cell::link(&p.household_name, format!("/households/{}", p.household_id)),
            Cell::text(&p.place_code),
            Cell::text(p.from_on),
            Cell::text(or_dash(p.to_on)),
            Cell::text(or_dash(p.reason_code.as_ref())),
            action,
            Cell::link("Correct", format!("/placements/{}/edit", p.id)),
        ]);
    }
    // Placements are the service's staff's to see; a carer is not shown an empty list.
    let keeps = caller.scope.may(domain::Power::KeepRecords(k.service_id));
    if keeps {
        page.sections.push(Section {
            title: "Placements".into(),
            table,
            actions: vec![Link::new(format!("/children/{id}/placements/new"), "Add a placement")],
        });
    }
    page.read_only_unless(keeps);
    page.sections.extend(super::siblings::child_sections(&state, &caller.scope, &k).await?);
    Ok(render(&page))
}

fn input_of(k: &Child) -> ChildInput {
    ChildInput {
        service_id: Some(k.service_id.to_string()),
        household_id: k.household_id.map(|h| h.to_string()),
        name: Some(k.name.clone()),
        birth_month: Some(k.birth_month.clone()),
        arrangement: k.arrangement.map(|a| a.as_str().into()),
        needs_notes: k.needs_notes.clone(),
        shareable_notes: k.shareable_notes.clone(),
        da_granted_by: k.da_granted_by.clone(),
        da_granted_on: k.da_granted_on.map(|d| d.to_string()),
        da_scope: k.da_scope.clone(),
        da_review_on: k.da_review_on.map(|d| d.to_string()),
    }
}

async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let k = state.store.open_child(&caller.scope, id).await?;
    let page = form(
        &state,
        &caller.scope,
        &input_of(&k),
        format!("/children/{id}/edit"),
        format!("/children/{id}"),
        "Change the child's record",
        false,
    )
    .await?;
    Ok(page.respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<ChildInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(ChildDraft::parse(&input, Date::today()), |d| async move {
        store.update_child(&scope, id, &d).await
    })
    .await;
    let page = form(
        &state,
        &caller.scope,
        &input,
        format!("/children/{id}/edit"),
        format!("/children/{id}"),
        "Change the child's record",
        false,
    )
    .await?;
    saved_or_form(result, |k| format!("/children/{}", k.id), || page)
}
