use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::{Household, HouseholdDraft, HouseholdInput, caps};
use domain::{Choice, Id, LeavingReason, PageRequest, Scope};
use store::HouseholdFilter;

use super::{choices, parse_then, saved_or_form};
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{
    Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Section, Table, or_dash, render,
};
use crate::{AppState, Result};

const LIST: ListOf =
    ListOf { title: "Households", section: "households", noun: "households", path: "/households" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/households", get(list).post(create))
        .route("/households/new", get(new))
        .route("/households/{id}", get(show))
        .route("/households/{id}/edit", get(edit).post(update))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let request = params.page_request();
    let filter = HouseholdFilter {
        service: params.id("service_id")?,
        constellation: params.id("constellation_id")?,
        on: None,
    };
    let page = state.store.households(&caller.scope, &filter, &request).await?;
    let mut table = Table::new(
        &["Household", "Reference", "Postcode", "Constellation", "Role"],
        "No households yet.",
    );
    for h in &page.items {
        table.row(vec![
            Cell::link(&h.display_name, format!("/households/{}", h.id)),
            Cell::text(&h.reference),
            Cell::text(&h.postcode),
            Cell::text(or_dash(h.constellation_name.as_ref())),
            Cell::text(or_dash(h.role)),
        ]);
    }
    let mut keep = Vec::new();
    if let Some(s) = filter.service {
        keep.push(("service_id", s.to_string()));
    }
    if let Some(c) = filter.constellation {
        keep.push(("constellation_id", c.to_string()));
    }
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), keep, table);
    let add = match filter.service {
        Some(s) => format!("/households/new?service_id={s}"),
        None => "/households/new".into(),
    };
    view.add = Some(Link::new(add, "Add a household"));
    Ok(render(&view))
}

async fn form(
    state: &AppState,
    scope: &Scope,
    input: &HouseholdInput,
    action: String,
    cancel: String,
    title: &str,
    creating: bool,
) -> Result<FormPage> {
    let service = if creating {
        Field::select(
            "service_id",
            "Service",
            &input.service_id,
            choices::services(state, scope).await?,
        )
    } else {
        Field::hidden("service_id", &input.service_id)
    };
    Ok(FormPage::new(title, "households", action, cancel).fields(vec![
        service,
        Field::text("reference", "Reference", &input.reference, caps::REFERENCE)
            .hint("The service's own reference for this home"),
        Field::text("display_name", "Name", &input.display_name, caps::NAME)
            .hint("How the household is known, for example the Okafor family"),
        Field::text("postcode", "Postcode", &input.postcode, 10),
        Field::number("places", "Approved places", &input.places).hint("A number from 0 to 6"),
        Field::text("approval_kinds", "Approved for", &input.approval_kinds, caps::SHORT)
            .optional()
            .hint("For example, short breaks and long-term fostering"),
        Field::number("sleepover_beds", "Sleepover beds, if a hub", &input.sleepover_beds)
            .hint("Hubs usually keep 2 beds free. A number from 0 to 6"),
        Field::date("joined_on", "Joined the programme on", &input.joined_on),
        Field::date("left_on", "Left the programme on", &input.left_on).optional(),
        Field::choice::<LeavingReason>("left_reason", "Why the household left", &input.left_reason)
            .optional(),
    ]))
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let input = HouseholdInput {
        service_id: params.service_id.clone(),
        places: Some("1".into()),
        sleepover_beds: Some("2".into()),
        ..Default::default()
    };
    let page = form(
        &state,
        &caller.scope,
        &input,
        "/households".into(),
        "/households".into(),
        "Add a household",
        true,
    )
    .await?;
    Ok(page.respond())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<HouseholdInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(HouseholdDraft::parse(&input), |d| async move {
        store.create_household(&scope, &d).await
    })
    .await;
    let page = form(
        &state,
        &caller.scope,
        &input,
        "/households".into(),
        "/households".into(),
        "Add a household",
        true,
    )
    .await?;
    saved_or_form(result, |h| format!("/households/{}", h.id), || page)
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let scope = &caller.scope;
    let h = state.store.household(scope, id).await?;
    let everything = PageRequest::new(None, Some(100), None);
    let memberships = state.store.memberships_of_household(scope, id).await?;
    let carers = state.store.carers(scope, Some(id), &everything).await?;
    let children = state.store.children(scope, Some(id), &everything).await?;

    let mut page = DetailPage::new(&h.display_name, "households", "Household");
    page.row("Reference", &h.reference);
    // A carer is not shown an address: the postcode comes back empty.
    if !h.postcode.is_empty() {
        page.row("Postcode", &h.postcode);
    }
    let place = match (&h.constellation_name, h.role) {
        (Some(name), Some(role)) => format!("{role} in {name}"),
        _ => "Not in a constellation".into(),
    };
    page.row("Constellation today", place);
    page.row("Approved places", h.places);
    page.row("Approved for", or_dash(h.approval_kinds.as_ref()));
    page.row("Sleepover beds", h.sleepover_beds);
    page.row("Joined the programme", h.joined_on);
    if let Some(left) = h.left_on {
        page.row("Left the programme", format!("{left} ({})", or_dash(h.left_reason)));
    }
    let join = if h.constellation_id.is_some() {
        "Move to another constellation"
    } else {
        "Join a constellation"
    };
    page.actions = vec![
        Link::new(format!("/households/{id}/edit"), "Change"),
        Link::new(format!("/households/{id}/move"), join),
    ];

    let mut history = Table::new(
        &["Constellation", "Role", "From", "To", "Ending", "Record"],
        "This household has not been in a constellation.",
    );
    // Ending or correcting a membership shapes the service: only its manager sees the links.
    let shapes = scope.may(domain::Power::ManageService(h.service_id));
    for m in &memberships {
        let action = match m.to_on {
            None if shapes => Cell::link("End membership", format!("/memberships/{}/end", m.id)),
            None => Cell::text("–"),
            Some(_) => Cell::text(or_dash(m.end_reason)),
        };
        let correct = if shapes {
            Cell::link("Correct", format!("/memberships/{}/edit", m.id))
        } else {
            Cell::text("–")
        };
        history.row(vec![
            Cell::link(&m.constellation_name, format!("/constellations/{}", m.constellation_id)),
            Cell::text(m.role),
            Cell::text(m.from_on),
            Cell::text(or_dash(m.to_on)),
            action,
            correct,
        ]);
    }
    page.sections.push(Section { title: "Constellations".into(), table: history, actions: vec![] });

    let mut carer_table =
        Table::new(&["Carer", "Role", "Approved from", "Approved to"], "No carers recorded.");
    for c in &carers.items {
        carer_table.row(vec![
            Cell::link(&c.name, format!("/carers/{}", c.id)),
            Cell::text(c.role),
            Cell::text(c.approved_from),
            Cell::text(or_dash(c.approved_to)),
        ]);
    }
    page.sections.push(Section {
        title: "Carers".into(),
        table: carer_table,
        actions: vec![Link::new(format!("/carers/new?household_id={id}"), "Add a carer")],
    });

    let mut child_table =
        Table::new(&["Child or young person", "Arrangement", "Born"], "No children recorded.");
    for k in &children.items {
        child_table.row(vec![
            Cell::link(&k.name, format!("/children/{}", k.id)),
            Cell::text(or_dash(k.arrangement)),
            Cell::text(or_dash(Some(&k.birth_month).filter(|b| !b.is_empty()))),
        ]);
    }
    page.sections.push(Section {
        title: "Children and young people".into(),
        table: child_table,
        actions: vec![Link::new(
            format!("/children/new?household_id={id}&service_id={}", h.service_id),
            "Add a child",
        )],
    });
    page.read_only_unless(caller.scope.may(domain::Power::KeepRecords(h.service_id)));
    page.actions.push(Link::new(format!("/households/{id}/calendar"), "Sleepover calendar"));
    if h.constellation_id.is_some() {
        page.actions
            .push(Link::new(format!("/sleepovers/new?household_id={id}"), "Ask for a sleepover"));
    }
    let support =
        domain::Power::Support { service: h.service_id, constellation: h.constellation_id };
    if scope.may(support) {
        page.actions.push(Link::new(format!("/contacts?household_id={id}"), "Support contacts"));
        page.actions.push(Link::new(format!("/concerns?household_id={id}&status=all"), "Concerns"));
        if domain::support::check_recipient(scope, h.service_id, h.role).is_ok() {
            page.actions
                .push(Link::new(format!("/contacts/new?household_id={id}"), "Log a contact"));
        }
    }
    Ok(render(&page))
}

fn input_of(h: &Household) -> HouseholdInput {
    HouseholdInput {
        service_id: Some(h.service_id.to_string()),
        reference: Some(h.reference.clone()),
        display_name: Some(h.display_name.clone()),
        postcode: Some(h.postcode.clone()),
        places: Some(h.places.to_string()),
        approval_kinds: h.approval_kinds.clone(),
        sleepover_beds: Some(h.sleepover_beds.to_string()),
        joined_on: Some(h.joined_on.to_string()),
        left_on: h.left_on.map(|d| d.to_string()),
        left_reason: h.left_reason.map(|r| r.as_str().to_string()),
    }
}

async fn edit_form(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &HouseholdInput,
) -> Result<FormPage> {
    form(
        state,
        scope,
        input,
        format!("/households/{id}/edit"),
        format!("/households/{id}"),
        "Change the household",
        false,
    )
    .await
}

async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let h = state.store.household(&caller.scope, id).await?;
    Ok(edit_form(&state, &caller.scope, id, &input_of(&h)).await?.respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<HouseholdInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(HouseholdDraft::parse(&input), |d| async move {
        store.update_household(&scope, id, &d).await
    })
    .await;
    let page = edit_form(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |h| format!("/households/{}", h.id), || page)
}
