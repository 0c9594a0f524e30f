//! A person's e-mail choices, and their private calendar address.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use axum::routing::{get, post};
use domain::sleepovers::{ChoicesInput, NotificationChoices};

use crate::caller::Caller;
use crate::extract::FormInput;
use crate::pages::{parse_then, saved_or_form};
use crate::views::{DetailPage, Field, FormPage, Link, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/notifications", get(form).post(save))
        .route("/account/calendar-feed", post(new_feed))
}

fn yes(b: bool) -> Option<String> {
    b.then(|| "yes".to_string())
}

fn page(input: &ChoicesInput) -> FormPage {
    let mut page = FormPage::new(
        "E-mails you get",
        "account",
        "/account/notifications".into(),
        "/account".into(),
    )
    .fields(vec![
        Field::checkbox("requests", "A sleepover request for a home I host for", &input.requests),
        Field::checkbox(
            "emergencies",
            "An emergency sleepover request in my constellation",
            &input.emergencies,
        ),
        Field::checkbox("answers", "An answer to a request I made", &input.answers),
        Field::checkbox(
            "red_flags",
            "A red flag on a concern in my constellation (for liaison workers)",
            &input.red_flags,
        ),
    ]);
    page.intro = Some("E-mails never name a child or a household: sign in to see who.".into());
    page
}

async fn form(State(state): State<AppState>, caller: Caller) -> Result<Response> {
    let c = state.store.notification_choices(&caller.scope).await?;
    let input = ChoicesInput {
        requests: yes(c.requests),
        answers: yes(c.answers),
        emergencies: yes(c.emergencies),
        red_flags: yes(c.red_flags),
    };
    Ok(page(&input).respond())
}

async fn save(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<ChoicesInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(NotificationChoices::parse(&input), |c| async move {
        store.set_notification_choices(&scope, &c).await
    })
    .await;
    saved_or_form(result, |_| "/account".into(), || page(&input))
}

async fn new_feed(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response> {
    let secret = state.store.create_feed(&caller.scope).await?;
    let mut page = DetailPage::new("Your calendar address", "account", "Your account");
    page.notice = Some("Copy this address now: it is shown only once.".into());
    // The site's configured address, or else the one the person reached it at, so the address
    // works as copied.
    let reached = || {
        let host = headers.get(header::HOST)?.to_str().ok()?;
        let scheme = if state.settings.https { "https" } else { "http" };
        host.bytes().all(|b| b.is_ascii_graphic()).then(|| format!("{scheme}://{host}"))
    };
    let site = match &state.settings.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => reached().unwrap_or_default(),
    };
    page.row("Address to add to your calendar app", format!("{site}/calendar/{secret}.ics"));
    page.row("What it shows", "Your sleepovers, each child by first name only");
    page.actions = vec![Link::new("/account", "Back to your account")];
    Ok(render(&page))
}
