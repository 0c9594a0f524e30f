//! The options forms offer for a linked record, always within the caller's scope.

use axum::response::Response;
use domain::{Id, PageRequest, Scope};
use store::HouseholdFilter;

use crate::views::{Cell, DetailPage, Link, Section, Table, render};
use crate::{AppState, Result};

/// A first step for staff acting for a household: which one. Each household in a constellation
/// links to `{path}?household_id=…`; `back` is the section's list.
pub async fn which_household(
    state: &AppState,
    scope: &Scope,
    title: &str,
    section: &'static str,
    question: &str,
    path: &str,
    back: Link,
) -> Result<Response> {
    let homes = state
        .store
        .households(scope, &HouseholdFilter::default(), &PageRequest::new(Some(1), Some(100), None))
        .await?;
    let mut table =
        Table::new(&["Household", "Constellation"], "There are no households you can act for.");
    for h in homes.items.iter().filter(|h| h.constellation_id.is_some()) {
        table.row(vec![
            Cell::link(&h.display_name, format!("{path}?household_id={}", h.id)),
            Cell::text(h.constellation_name.clone().unwrap_or_default()),
        ]);
    }
    let mut page = DetailPage::new(title, section, "");
    page.caption = None;
    page.sections = vec![Section { title: question.into(), table, actions: vec![] }];
    page.actions = vec![back];
    Ok(render(&page))
}

fn pairs(choices: Vec<(Id, String)>) -> Vec<(String, String)> {
    choices.into_iter().map(|(id, name)| (id.to_string(), name)).collect()
}

pub async fn services(state: &AppState, scope: &Scope) -> Result<Vec<(String, String)>> {
    Ok(pairs(state.store.service_choices(scope).await?))
}

pub async fn households(
    state: &AppState,
    scope: &Scope,
    service: Option<Id>,
) -> Result<Vec<(String, String)>> {
    Ok(pairs(state.store.household_choices(scope, service).await?))
}

pub async fn constellations(
    state: &AppState,
    scope: &Scope,
    service: Option<Id>,
) -> Result<Vec<(String, String)>> {
    Ok(pairs(state.store.constellation_choices(scope, service).await?))
}
