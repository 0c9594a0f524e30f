//! The audit log of a service, for its managers: who read a child's record, and who changed what.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use crate::caller::Caller;
use crate::extract::ListParams;
use crate::views::{Cell, ListOf, ListPage, Table, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

const LIST: ListOf =
    ListOf { title: "Audit log", section: "account", noun: "audit entries", path: "/audit" };

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let request = params.page_request();
    let page = state.store.audit_entries(&caller.scope, &request).await?;
    let mut table =
        Table::new(&["When", "Who", "Did", "Record", "Fields"], "Nothing has been logged yet.");
    for e in &page.items {
        table.row(vec![
            Cell::text(e.at.get(..16).unwrap_or(&e.at).replace('T', " ")),
            Cell::text(&e.who),
            Cell::text(&e.action),
            Cell::text(format!("{} {}", e.record_kind, e.record_id)),
            Cell::text(if e.fields.is_empty() { "–".to_string() } else { e.fields.join(", ") }),
        ]);
    }
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), vec![], table);
    view.intro = Some(
        "Every change to a record and every opening of a child's record, newest first. Search by part of a person's e-mail address, a record's id, or a date such as 2026-11-23. Values are never logged, only which fields changed."
            .into(),
    );
    Ok(render(&view))
}
