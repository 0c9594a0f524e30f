//! The audit log of a service, for its managers: who read a child's record, and who changed what.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use domain::{Date, Id, Role};
use store::audit::AuditFilter;

use crate::caller::Caller;
use crate::extract::ListParams;
use crate::views::{Cell, ListOf, ListPage, Table, render};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

const LIST: ListOf =
    ListOf { title: "Audit log", section: "account", noun: "audit entries", path: "/audit" };

/// One search box: a record's id, a date, or (anything else) part of a person's e-mail address.
fn filter_of(search: Option<&str>) -> AuditFilter {
    let Some(text) = search.map(str::trim).filter(|t| !t.is_empty()) else {
        return AuditFilter::default();
    };
    if let Ok(record) = text.parse::<Id>() {
        AuditFilter { record: Some(record), ..Default::default() }
    } else if let Ok(day) = Date::parse(text) {
        AuditFilter { from: Some(day), to: Some(day), ..Default::default() }
    } else {
        AuditFilter { person: Some(text.to_string()), ..Default::default() }
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let manages = caller.scope.grants().iter().any(|g| g.role == Role::ServiceManager);
    if !manages {
        return Err(AppError::NotFound);
    }
    let request = params.page_request();
    let filter = filter_of(request.search.as_deref());
    let page = state.store.audit_entries(&caller.scope, &filter, &request).await?;
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
