//! The OpenAPI document, generated from the handlers and types so it cannot drift.

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;

use crate::AppState;
use crate::api;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Constellate API",
        version = "1",
        description = "The Mockingbird Family Model: the registry (services, constellations, households, carers, children and placements) sleepovers and short breaks; one-to-one support contacts, events, concerns, sibling contact and carers' surveys; fidelity to the model; monthly returns and the national roll-up; and impact and cost."
    ),
    paths(
        api::sign_in::sign_in,
        api::services::list,
        api::services::create,
        api::services::show,
        api::services::update,
        api::constellations::list,
        api::constellations::create,
        api::constellations::show,
        api::constellations::update,
        api::constellations::memberships,
        api::households::list,
        api::households::create,
        api::households::show,
        api::households::update,
        api::households::memberships,
        api::households::move_household,
        api::memberships::list,
        api::memberships::create,
        api::memberships::show,
        api::memberships::update,
        api::memberships::end,
        api::carers::list,
        api::carers::create,
        api::carers::show,
        api::carers::update,
        api::carers::end_approval,
        api::children::list,
        api::children::create,
        api::children::show,
        api::children::update,
        api::children::placements,
        api::placements::list,
        api::placements::create,
        api::placements::show,
        api::placements::update,
        api::placements::end,
        api::sleepovers::list,
        api::sleepovers::request,
        api::sleepovers::show,
        api::sleepovers::confirm,
        api::sleepovers::decline,
        api::sleepovers::cancel,
        api::sleepovers::complete,
        api::sleepovers::did_not_happen,
        api::sleepovers::override_rules,
        api::sleepovers::calendar,
        api::sleepovers::unavailable,
        api::sleepovers::withdraw,
        api::sleepovers::rules,
        api::sleepovers::set_rules,
        api::contacts::list,
        api::contacts::log,
        api::contacts::show,
        api::contacts::correct,
        api::events::list,
        api::events::create,
        api::events::show,
        api::events::update,
        api::events::cancel,
        api::events::attendance,
        api::events::reply,
        api::concerns::list,
        api::concerns::open,
        api::concerns::show,
        api::concerns::close,
        api::concerns::link,
        api::siblings::siblings,
        api::siblings::link,
        api::siblings::unlink,
        api::siblings::list,
        api::siblings::record,
        api::siblings::withdraw,
        api::surveys::answer,
        api::surveys::mine,
        api::surveys::results,
        api::returns::list,
        api::returns::show,
        api::returns::submit,
        api::returns::rollup,
        api::returns::show_csv,
        api::returns::rollup_csv,
        api::returns::show_xlsx,
        api::returns::rollup_xlsx,
        api::returns::rollup_trend,
        api::impact::impact,
        api::impact::costs,
        api::impact::set_unit_cost,
        api::impact::set_programme_cost,
        api::fidelity::service,
        api::fidelity::constellation,
        api::account::notifications,
        api::account::set_notifications,
        api::account::new_feed,
        api::account::revoke_feeds,
    ),
    components(schemas(crate::error::ErrorBody, domain::FieldError))
)]
struct ApiDoc;

/// The document as JSON text.
pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/openapi.json",
        get(|| async {
            ([(axum::http::header::CONTENT_TYPE, "application/json")], document()).into_response()
        }),
    )
}
