use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use domain::{PageRequest, Role};

use crate::caller::Caller;
use crate::views::{DetailPage, Link, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

async fn home(State(state): State<AppState>, caller: Caller) -> Result<Response> {
    let one = PageRequest::new(Some(1), Some(1), None);
    let store = &state.store;
    let scope = &caller.scope;
    let services = store.services(scope, &one).await?.total;
    let constellations = store.constellations(scope, None, &one).await?.total;
    let households = store.households(scope, &Default::default(), &one).await?.total;
    let carers = store.carers(scope, None, &one).await?.total;
    let children = store.children(scope, None, &one).await?.total;
    let mut page = DetailPage::new("The registry", "", "Constellate");
    page.caption = None;
    page.urgent = super::sleepovers::emergencies(&state, scope).await?;
    page.row("Services", services);
    page.row("Constellations", constellations);
    page.row("Households", households);
    page.row("Carers", carers);
    page.row("Children and young people", children);
    page.actions = vec![
        Link::new("/constellations", "Constellations"),
        Link::new("/households", "Households"),
        Link::new("/households/new", "Add a household"),
        Link::new("/sleepovers", "Sleepovers"),
        Link::new("/events", "Events"),
    ];
    if scope.runs_support() {
        page.actions.push(Link::new("/contacts/new", "Log a contact"));
        page.actions.push(Link::new("/concerns", "Open concerns"));
    }
    let roles: Vec<Role> = scope.grants().iter().map(|g| g.role).collect();
    if roles.iter().any(|r| matches!(r, Role::HubCarer | Role::SatelliteCarer)) {
        page.actions.push(Link::new("/survey", "This quarter's survey"));
    }
    if roles.iter().any(|r| r.is_staff()) {
        page.actions.push(Link::new("/surveys/results", "Survey results"));
    }
    Ok(render(&page))
}
