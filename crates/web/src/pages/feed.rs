//! A person's private calendar feed, at a secret address a calendar app can fetch without
//! signing in; revoking the secret ends it.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::feed::calendar_feed;
use domain::{Date, PageRequest};
use store::{EventFilter, SleepoverFilter};

use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/calendar/{file}", get(feed))
}

async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response> {
    let secret = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let account = state.store.feed_account(secret).await?.ok_or(AppError::NotFound)?;
    // The last month and what is ahead: what a calendar app needs to show.
    let filter = SleepoverFilter {
        live: true,
        from: Some(Date::today().add_days(-31)),
        ..Default::default()
    };
    let page = PageRequest::new(Some(1), Some(100), None);
    let sleepovers = state.store.sleepovers(&account.scope, &filter, &page).await?.items;
    let month_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(31 * 24);
    let events = EventFilter { since: Some(month_ago), ..Default::default() };
    let events = state.store.events(&account.scope, &events, &page).await?.items;
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        calendar_feed(&sleepovers, &events, &stamp),
    )
        .into_response())
}
