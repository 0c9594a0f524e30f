use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::{Constellation, ConstellationDraft, ConstellationInput, caps};
use domain::rules::satellite_signal;
use domain::{Choice, ConstellationStatus, Id, Scope};

use super::{choices, parse_then, saved_or_form};
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{
    Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Section, Table, or_dash, render,
};
use crate::{AppState, Result};

const LIST: ListOf = ListOf {
    title: "Constellations",
    section: "constellations",
    noun: "constellations",
    path: "/constellations",
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/constellations", get(list).post(create))
        .route("/constellations/new", get(new))
        .route("/constellations/{id}", get(show))
        .route("/constellations/{id}/edit", get(edit).post(update))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let request = params.page_request();
    let service = params.id("service_id")?;
    let page = state.store.constellations(&caller.scope, service, &request).await?;
    let mut table = Table::new(
        &["Name", "Status", "Hub", "Satellites", "Liaison worker"],
        "No constellations yet.",
    );
    for c in &page.items {
        table.row(vec![
            Cell::link(&c.name, format!("/constellations/{}", c.id)),
            Cell::text(c.status),
            Cell::text(or_dash(c.hub_name.as_ref())),
            Cell::text(c.satellites),
            Cell::text(or_dash(c.liaison_worker.as_ref())),
        ]);
    }
    let keep = service.map(|s| vec![("service_id", s.to_string())]).unwrap_or_default();
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), keep, table);
    let add = match service {
        Some(s) => format!("/constellations/new?service_id={s}"),
        None => "/constellations/new".into(),
    };
    view.add = Some(Link::new(add, "Add a constellation"));
    Ok(render(&view))
}

async fn form(
    state: &AppState,
    scope: &Scope,
    input: &ConstellationInput,
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
    Ok(FormPage::new(title, "constellations", action, cancel).fields(vec![
        service,
        Field::text("name", "Name", &input.name, caps::NAME),
        Field::choice::<ConstellationStatus>("status", "Status", &input.status),
        Field::date("launched_on", "Launched on", &input.launched_on),
        Field::date("closed_on", "Closed on", &input.closed_on).optional(),
        Field::text("liaison_worker", "Liaison worker", &input.liaison_worker, caps::NAME)
            .optional()
            .hint("The member of the service's staff who links the hub to the service"),
    ]))
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let input = ConstellationInput {
        service_id: params.service_id.clone(),
        status: Some("forming".into()),
        ..Default::default()
    };
    let page = form(
        &state,
        &caller.scope,
        &input,
        "/constellations".into(),
        "/constellations".into(),
        "Add a constellation",
        true,
    )
    .await?;
    Ok(page.respond())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<ConstellationInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(ConstellationDraft::parse(&input), |d| async move {
        store.create_constellation(&scope, &d).await
    })
    .await;
    let page = form(
        &state,
        &caller.scope,
        &input,
        "/constellations".into(),
        "/constellations".into(),
        "Add a constellation",
        true,
    )
    .await?;
    saved_or_form(result, |c| format!("/constellations/{}", c.id), || page)
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let c = state.store.constellation(&caller.scope, id).await?;
    let members = state.store.memberships_of_constellation(&caller.scope, id).await?;
    let mut page = DetailPage::new(&c.name, "constellations", "Constellation");
    let (_, signal) = satellite_signal(c.satellites as usize, c.status);
    page.row("Status", c.status);
    page.row("Hub home", or_dash(c.hub_name.as_ref()));
    page.row("Satellites", signal);
    page.row("Liaison worker", c.liaison_worker.as_deref().unwrap_or("None named"));
    page.row("Launched", c.launched_on);
    page.row("Closed", or_dash(c.closed_on));
    page.actions = vec![
        Link::new(format!("/constellations/{id}/edit"), "Change"),
        Link::new(format!("/services/{}", c.service_id), "Service"),
    ];
    let mut current = Table::new(
        &["Household", "Role", "From", ""],
        "No households are in this constellation today.",
    );
    let mut past =
        Table::new(&["Household", "Role", "From", "To", "Why it ended"], "No earlier members.");
    for m in &members {
        let household = Cell::link(&m.household_name, format!("/households/{}", m.household_id));
        match m.to_on {
            None => current.row(vec![
                household,
                Cell::text(m.role),
                Cell::text(m.from_on),
                Cell::link("End membership", format!("/memberships/{}/end", m.id)),
            ]),
            Some(to) => past.row(vec![
                household,
                Cell::text(m.role),
                Cell::text(m.from_on),
                Cell::text(to),
                Cell::text(or_dash(m.end_reason)),
            ]),
        }
    }
    page.sections.push(Section {
        title: "Households".into(),
        table: current,
        actions: vec![Link::new(
            format!("/memberships/new?constellation_id={id}"),
            "Add a household",
        )],
    });
    page.sections.push(Section { title: "Earlier members".into(), table: past, actions: vec![] });
    page.read_only_unless(caller.scope.may(domain::Power::ManageService(c.service_id)));
    if caller.scope.may(domain::Power::KeepRecords(c.service_id)) {
        page.actions.push(Link::new(format!("/constellations/{}/fidelity", c.id), "Fidelity"));
    }
    page.actions.push(Link::new(format!("/events?constellation_id={}", c.id), "Events"));
    Ok(render(&page))
}

fn input_of(c: &Constellation) -> ConstellationInput {
    ConstellationInput {
        service_id: Some(c.service_id.to_string()),
        name: Some(c.name.clone()),
        status: Some(c.status.as_str().into()),
        launched_on: Some(c.launched_on.to_string()),
        closed_on: c.closed_on.map(|d| d.to_string()),
        liaison_worker: c.liaison_worker.clone(),
    }
}

async fn edit_form(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &ConstellationInput,
) -> Result<FormPage> {
    form(
        state,
        scope,
        input,
        format!("/constellations/{id}/edit"),
        format!("/constellations/{id}"),
        "Change the constellation",
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
    let c = state.store.constellation(&caller.scope, id).await?;
    Ok(edit_form(&state, &caller.scope, id, &input_of(&c)).await?.respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<ConstellationInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(ConstellationDraft::parse(&input), |d| async move {
        store.update_constellation(&scope, id, &d).await
    })
    .await;
    let page = edit_form(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |c| format!("/constellations/{}", c.id), || page)
}
