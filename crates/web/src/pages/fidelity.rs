//! The fidelity dashboard for liaison workers and service managers: a service's constellations
//! at a glance, and one constellation's criteria with the reason and where to put each right.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::fidelity::Fidelity;

use crate::caller::Caller;
use crate::extract::path_id;
use crate::views::{Cell, DetailPage, Link, Section, Table, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services/{id}/fidelity", get(service))
        .route("/constellations/{id}/fidelity", get(constellation))
}

/// The criteria's short names, as column headings.
const HEADINGS: [&str; 9] = [
    "Constellation",
    "Overall",
    "Hub",
    "Satellites",
    "Liaison worker",
    "Planning",
    "Beds",
    "Delegated authority",
    "Sleepovers as placements",
];

async fn service(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let service = state.store.service(&caller.scope, id).await?;
    let judged = state.store.service_fidelity(&caller.scope, id).await?;
    let mut table = Table::new(&HEADINGS, "This service has no open constellations.");
    table.caption = Some("Each constellation's criteria: green, amber or red".into());
    table.compact = true;
    let mut red = 0;
    for f in &judged {
        if f.overall() == domain::fidelity::Rag::Red {
            red += 1;
        }
        let mut row = vec![
            Cell::link(
                &f.constellation_name,
                format!("/constellations/{}/fidelity", f.constellation_id),
            ),
            Cell::text(f.overall().label()),
        ];
        row.extend(f.criteria.iter().map(|c| Cell::text(c.rag.label())));
        table.row(row);
    }
    let mut page =
        DetailPage::new(format!("Fidelity: {}", service.name), "services", "Fidelity to the model");
    page.notice = (!judged.is_empty()).then(|| {
        format!("{red} of {} constellations have at least one criterion in red.", judged.len())
    });
    page.sections = vec![Section { title: "Constellations".into(), table, actions: vec![] }];
    page.actions = vec![Link::new(format!("/services/{id}"), "The service")];
    Ok(render(&page))
}

fn criteria_table(f: &Fidelity) -> Table {
    let mut table = Table::new(&["Criterion", "Status", "Why", "Put it right"], "");
    for c in &f.criteria {
        table.row(vec![
            Cell::text(&c.criterion),
            Cell::text(c.rag.label()),
            Cell::text(&c.reason),
            Cell::link(&c.fix_text, &c.fix),
        ]);
    }
    table
}

async fn constellation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let f = state.store.constellation_fidelity(&caller.scope, id).await?;
    let c = state.store.constellation(&caller.scope, id).await?;
    let mut page = DetailPage::new(
        format!("Fidelity: {}", f.constellation_name),
        "constellations",
        "Fidelity to the model",
    );
    page.row("Overall", f.overall().label());
    page.sections =
        vec![Section { title: "Criteria".into(), table: criteria_table(&f), actions: vec![] }];
    page.actions = vec![
        Link::new(format!("/constellations/{id}"), "The constellation"),
        Link::new(
            format!("/services/{}/fidelity", c.service_id),
            "All the service's constellations",
        ),
    ];
    Ok(render(&page))
}
