use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::{ServiceDraft, ServiceInput, caps};
use domain::{Choice, Id, PageRequest, ServiceKind, ServiceStatus};

use super::{parse_then, saved_or_form};
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{
    Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Section, Table, or_dash, render,
};
use crate::{AppState, Result};

const LIST: ListOf =
    ListOf { title: "Services", section: "services", noun: "services", path: "/services" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services", get(list).post(create))
        .route("/services/new", get(new))
        .route("/services/{id}", get(show))
        .route("/services/{id}/edit", get(edit).post(update))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let request = params.page_request();
    let page = state.store.services(&caller.scope, &request).await?;
    let mut table = Table::new(&["Name", "Kind", "Region", "Status"], "No services yet.");
    for s in &page.items {
        table.row(vec![
            Cell::link(&s.name, format!("/services/{}", s.id)),
            Cell::text(s.kind),
            Cell::text(&s.region),
            Cell::text(s.status),
        ]);
    }
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), vec![], table);
    view.add = Some(Link::new("/services/new", "Add a service"));
    if caller.scope.reads_rollup() {
        view.links = vec![
            Link::new("/rollup", "The national roll-up"),
            Link::new("/impact", "Impact and cost"),
        ];
    }
    Ok(render(&view))
}

fn form(input: &ServiceInput, action: String, cancel: String, title: &str) -> FormPage {
    FormPage::new(title, "services", action, cancel).fields(vec![
        Field::text("name", "Name", &input.name, caps::NAME),
        Field::choice::<ServiceKind>("kind", "Kind of service", &input.kind),
        Field::text("region", "Region", &input.region, caps::REGION)
            .hint("For example, North West"),
        Field::choice::<ServiceStatus>("status", "Status in the programme", &input.status),
        Field::date("joined_on", "Joined the programme on", &input.joined_on),
        Field::date("left_on", "Left the programme on", &input.left_on).optional(),
    ])
}

async fn new(_: Caller) -> Response {
    let input = ServiceInput { status: Some("implementing".into()), ..Default::default() };
    form(&input, "/services".into(), "/services".into(), "Add a service").respond()
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<ServiceInput>,
) -> Result<Response> {
    let result = parse_then(ServiceDraft::parse(&input), |d| async move {
        state.store.create_service(&caller.scope, &d).await
    })
    .await;
    saved_or_form(
        result,
        |s| format!("/services/{}", s.id),
        || form(&input, "/services".into(), "/services".into(), "Add a service"),
    )
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let service = state.store.service(&caller.scope, id).await?;
    let constellations = state
        .store
        .constellations(&caller.scope, Some(id), &PageRequest::new(None, Some(100), None))
        .await?;
    let mut page = DetailPage::new(&service.name, "services", "Service");
    page.row("Kind", service.kind);
    page.row("Region", &service.region);
    page.row("Status", service.status);
    page.row("Joined the programme", service.joined_on);
    page.row("Left the programme", or_dash(service.left_on));
    page.actions = vec![
        Link::new(format!("/services/{id}/edit"), "Change"),
        Link::new(format!("/households?service_id={id}"), "Households"),
        Link::new(format!("/services/{id}/sleepover-rules"), "Sleepover rules"),
    ];
    let mut table =
        Table::new(&["Constellation", "Status", "Hub", "Satellites"], "No constellations yet.");
    for c in &constellations.items {
        table.row(vec![
            Cell::link(&c.name, format!("/constellations/{}", c.id)),
            Cell::text(c.status),
            Cell::text(or_dash(c.hub_name.as_ref())),
            Cell::text(c.satellites),
        ]);
    }
    page.sections.push(Section {
        title: "Constellations".into(),
        table,
        actions: vec![Link::new(
            format!("/constellations/new?service_id={id}"),
            "Add a constellation",
        )],
    });
    page.read_only_unless(caller.scope.may(domain::Power::ChangeService(id)));
    if caller.scope.may(domain::Power::KeepRecords(id)) {
        page.actions.push(Link::new(format!("/services/{id}/fidelity"), "Fidelity"));
        page.actions.push(Link::new(format!("/services/{id}/returns"), "Monthly returns"));
    }
    Ok(render(&page))
}

fn input_of(s: &domain::registry::Service) -> ServiceInput {
    ServiceInput {
        name: Some(s.name.clone()),
        kind: Some(s.kind.as_str().into()),
        region: Some(s.region.clone()),
        status: Some(s.status.as_str().into()),
        joined_on: Some(s.joined_on.to_string()),
        left_on: s.left_on.map(|d| d.to_string()),
    }
}

fn edit_form(id: Id, input: &ServiceInput) -> FormPage {
    form(input, format!("/services/{id}/edit"), format!("/services/{id}"), "Change the service")
}

async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let service = state.store.service(&caller.scope, id).await?;
    Ok(edit_form(id, &input_of(&service)).respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<ServiceInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let result = parse_then(ServiceDraft::parse(&input), |d| async move {
        state.store.update_service(&caller.scope, id, &d).await
    })
    .await;
    saved_or_form(result, |s| format!("/services/{}", s.id), || edit_form(id, &input))
}
