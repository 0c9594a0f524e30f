//! A person's own account: their roles, their password, and their API tokens.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::{Choice, FieldError, Place};
use serde::Deserialize;

use crate::caller::Caller;
use crate::extract::{FormInput, path_id};
use crate::views::{Cell, DetailPage, Field, FormPage, Link, Section, Table, render};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(show))
        .route("/account/password", get(password_form).post(change_password))
        .route("/account/tokens/new", get(token_form).post(create_token))
        .route("/account/tokens/{id}/revoke", get(revoke_form).post(revoke))
}

fn date_of(unix: i64) -> String {
    jiff::Timestamp::from_second(unix)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_default()
}

async fn show(State(state): State<AppState>, caller: Caller) -> Result<Response> {
    let mut page = DetailPage::new(&caller.name, "account", "Your account");
    page.row("E-mail address", &caller.email);
    let mut roles =
        Table::new(&["Role", "Where"], "You have no roles yet: ask your service manager.");
    for grant in caller.scope.grants() {
        let store = &state.store;
        let scope = &caller.scope;
        let place = match grant.place {
            Place::Programme => Ok("The whole programme".to_string()),
            Place::Service(id) => store.service(scope, id).await.map(|s| s.name),
            Place::Constellation(id) => {
                store.constellation(scope, id).await.map(|c| format!("{} constellation", c.name))
            }
            Place::Household(id) => store.household(scope, id).await.map(|h| h.display_name),
        };
        let place = place.unwrap_or_else(|_| "A place no longer in the registry".into());
        roles.row(vec![Cell::text(grant.role.label()), Cell::text(place)]);
    }
    page.actions = vec![
        Link::new("/account/password", "Change your password"),
        Link::new("/account/notifications", "E-mails you get"),
    ];
    if caller.scope.managed_services().is_none_or(|s| !s.is_empty()) {
        page.actions.push(Link::new("/audit", "Audit log"));
    }
    page.buttons = vec![
        Link::new("/account/calendar-feed", "Make a calendar address"),
        Link::new("/sign-out", "Sign out"),
    ];
    page.sections.push(Section { title: "Your roles".into(), table: roles, actions: vec![] });
    let mut tokens =
        Table::new(&["API token", "Made", "Expires", "State"], "You have no API tokens.");
    for t in state.store.tokens_of(caller.id).await? {
        let status = match t.revoked_at {
            Some(at) => Cell::text(format!("Revoked {}", date_of(at))),
            None => Cell::link("Revoke", format!("/account/tokens/{}/revoke", t.id)),
        };
        tokens.row(vec![
            Cell::text(&t.name),
            Cell::text(date_of(t.created_at)),
            Cell::text(date_of(t.expires_at)),
            status,
        ]);
    }
    page.sections.push(Section {
        title: "API tokens".into(),
        table: tokens,
        actions: vec![Link::new("/account/tokens/new", "Make an API token")],
    });
    Ok(no_store(render(&page)))
}

/// Pages about a person are never kept in a shared cache or the browser's history.
fn no_store(response: Response) -> Response {
    let mut response = response;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

#[derive(Debug, Default, Deserialize)]
pub struct PasswordInput {
    current: Option<String>,
    new: Option<String>,
}

fn password_page() -> FormPage {
    let mut page = FormPage::new(
        "Change your password",
        "account",
        "/account/password".into(),
        "/account".into(),
    )
    .fields(vec![
        Field::password("current", "Your current password", "current-password"),
        Field::password("new", "Your new password", "new-password")
            .hint("At least 12 characters. Three or four unrelated words make a strong one."),
    ]);
    page.intro = Some("Changing it signs you out everywhere else.".into());
    page.submit = "Change password";
    page
}

async fn password_form(_: Caller) -> Response {
    password_page().respond()
}

async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<PasswordInput>,
) -> Result<Response> {
    let current = input.current.unwrap_or_default();
    let new = input.new.unwrap_or_default();
    if !state.store.password_is(caller.id, &current).await? {
        let errors = [FieldError::new("current", "is not right")];
        return Ok(password_page().with_errors(&errors).respond());
    }
    match state.store.set_password(&caller.scope, caller.id, &new, caller.session.as_deref()).await
    {
        Ok(()) => Ok(Redirect::to("/account").into_response()),
        Err(store::Error::Invalid(e)) => {
            let errors: Vec<FieldError> =
                e.fields().iter().map(|f| FieldError::new("new", f.message.clone())).collect();
            Ok(password_page().with_errors(&errors).respond())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct TokenInput {
    name: Option<String>,
    days: Option<String>,
}

fn token_page(input: &TokenInput) -> FormPage {
    let mut page = FormPage::new(
        "Make an API token",
        "account",
        "/account/tokens/new".into(),
        "/account".into(),
    )
    .fields(vec![
        Field::text("name", "What the token is for", &input.name, 80),
        Field::number("days", "Days until it expires", &input.days).hint("1 to 366"),
    ]);
    page.intro = Some(
        "An integration sends the token as “Authorization: Bearer …”. It acts as you, with your roles."
            .into(),
    );
    page.submit = "Make token";
    page
}

async fn token_form(_: Caller) -> Response {
    token_page(&TokenInput { days: Some("90".into()), ..Default::default() }).respond()
}

async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<TokenInput>,
) -> Result<Response> {
    let days = input.days.as_deref().and_then(|d| d.trim().parse::<i64>().ok()).unwrap_or(0);
    let name = input.name.clone().unwrap_or_default();
    match state.store.create_token(caller.id, &name, days).await {
        Ok((token, secret)) => {
            let mut page = DetailPage::new("Your new API token", "account", "Your account");
            page.notice = Some(
                "Copy the token now: it is shown only this once, and is kept only as a hash."
                    .into(),
            );
            page.row("For", &token.name);
            page.row("Token", secret);
            page.row("Expires", date_of(token.expires_at));
            page.actions = vec![Link::new("/account", "Back to your account")];
            Ok(no_store(render(&page)))
        }
        Err(store::Error::Invalid(e)) => Ok(token_page(&input).with_errors(e.fields()).respond()),
        Err(other) => Err(other.into()),
    }
}

async fn revoke_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let token = state
        .store
        .tokens_of(caller.id)
        .await?
        .into_iter()
        .find(|t| t.id == id && t.revoked_at.is_none())
        .ok_or(AppError::NotFound)?;
    let mut page = FormPage::new(
        format!("Revoke the token “{}”", token.name),
        "account",
        format!("/account/tokens/{id}/revoke"),
        "/account".into(),
    );
    page.intro = Some("Anything using it will stop working at once.".into());
    page.submit = "Revoke token";
    Ok(page.respond())
}

async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    state.store.revoke_token(caller.id, id).await?;
    Ok(Redirect::to("/account").into_response())
}
