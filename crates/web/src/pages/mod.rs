//! The HTML pages: one module per resource, each with its own router.

mod account;
mod audit;
mod carers;
mod children;
pub(crate) mod choices;
mod concerns;
mod constellations;
mod contacts;
mod events;
mod feed;
mod fidelity;
mod home;
mod households;
mod impact;
mod memberships;
mod notifications;
mod placements;
mod returns;
mod rollup;
mod services;
mod siblings;
mod sign_in;
mod sleepovers;
mod surveys;

use axum::Router;
use axum::response::{IntoResponse, Redirect, Response};

use crate::views::FormPage;
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(sign_in::router())
        .merge(account::router())
        .merge(audit::router())
        .merge(services::router())
        .merge(constellations::router())
        .merge(households::router())
        .merge(memberships::router())
        .merge(carers::router())
        .merge(children::router())
        .merge(placements::router())
        .merge(sleepovers::router())
        .merge(contacts::router())
        .merge(events::router())
        .merge(concerns::router())
        .merge(siblings::router())
        .merge(returns::router())
        .merge(rollup::router())
        .merge(impact::router())
        .merge(surveys::router())
        .merge(fidelity::router())
        .merge(feed::router())
        .merge(notifications::router())
}

/// After a form is sent: on success go to the record (303, so a refresh does not send it
/// again); on broken rules show the form again with the person's answers and every error.
pub fn saved_or_form<T>(
    result: Result<T>,
    target: impl FnOnce(T) -> String,
    form: impl FnOnce() -> FormPage,
) -> Result<Response> {
    match result {
        Ok(saved) => Ok(Redirect::to(&target(saved)).into_response()),
        Err(AppError::Invalid(errors)) => Ok(form().with_errors(&errors).respond()),
        Err(AppError::Conflict(errors)) => {
            let message = errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" ");
            let field = errors.first().map(|e| e.field.clone()).unwrap_or_default();
            Ok(form().with_message(&field, message).respond())
        }
        Err(other) => Err(other),
    }
}

/// Parses a draft and saves it, so a handler reads as one step.
pub async fn parse_then<D, T, F>(
    parsed: std::result::Result<D, domain::Error>,
    save: impl FnOnce(D) -> F,
) -> Result<T>
where
    F: std::future::Future<Output = store::Result<T>>,
{
    let draft = parsed?;
    Ok(save(draft).await?)
}
