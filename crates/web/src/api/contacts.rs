//! One-to-one support contacts: log, list, read and correct.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use domain::support::{Contact, ContactDraft, ContactInput};
use domain::{Month, Page, Scope};
use store::ContactFilter;

use super::{ApiResult, Created, ListQuery, created, json};
use crate::caller::Caller;
use crate::error::ErrorBody;
use crate::extract::{ApiJson, ListParams, path_id};
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/contacts", get(list).post(log))
        .route("/contacts/{id}", get(show).put(correct))
}

/// The filters of a list of contacts: `household_id`, `made_by` (an account's id, or `me`) and
/// the month: `month` when given (a page always shows one month), or the one asked for.
pub fn filter(
    params: &ListParams,
    scope: &Scope,
    month: Option<Month>,
) -> Result<ContactFilter, AppError> {
    let made_by = match params.made_by.as_deref().map(str::trim) {
        Some("me") => scope.person(),
        _ => params.id("made_by")?,
    };
    Ok(ContactFilter {
        household: params.id("household_id")?,
        made_by,
        month: match month {
            Some(month) => Some(month),
            None => params.opt_month()?,
        },
    })
}

/// List contacts the caller may see, the latest first.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts",
    params(ListQuery,
        ("household_id" = Option<String>, Query, description = "With this household"),
        ("made_by" = Option<String>, Query, description = "Logged by this account's id, or `me`"),
        ("month" = Option<String>, Query, description = "Made in this month, UK time, as `2026-11`")),
    responses((status = 200, body = Page<Contact>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<Page<Contact>> {
    let filter = filter(&params, &caller.scope, None)?;
    json(state.store.contacts(&caller.scope, &filter, &params.page_request()).await?)
}

/// Log a contact made by the caller. `at` is now when left out.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", request_body = ContactInput,
    responses((status = 201, body = Contact), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn log(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ContactInput>,
) -> Created<Contact> {
    let draft = ContactDraft::parse(&input, jiff::Timestamp::now())?;
    created(state.store.log_contact(&caller.scope, &draft).await?)
}

/// One contact.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = String, Path)),
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Contact> {
    json(state.store.contact(&caller.scope, path_id(&id)?).await?)
}

/// Correct a contact: whoever logged it, or the service's staff. The audit log keeps what it
/// said before.
#[utoipa::path(put, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = String, Path)),
    request_body = ContactInput,
    responses((status = 200, body = Contact), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn correct(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> ApiResult<Contact> {
    let id = path_id(&id)?;
    let draft = ContactDraft::parse(&input, jiff::Timestamp::now())?;
    json(state.store.correct_contact(&caller.scope, id, &draft).await?)
}
