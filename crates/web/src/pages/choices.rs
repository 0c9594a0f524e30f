//! The options forms offer for a linked record, always within the caller's scope.

use domain::Id;
use domain::Scope;

use crate::{AppState, Result};

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
