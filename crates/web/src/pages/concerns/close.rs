//! Closing a concern with its outcome: the liaison worker's.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::support::CloseInput;
use domain::{Choice, ConcernOutcome, Id, Power, Scope};

use crate::caller::Caller;
use crate::extract::{FormInput, path_id};
use crate::pages::saved_or_form;
use crate::views::{Field, FormPage};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/concerns/{id}/close", get(close_form).post(close))
}

async fn close_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &CloseInput,
) -> Result<FormPage> {
    let c = state.store.concern(scope, id).await?;
    let home = state.store.household(scope, c.household_id).await?;
    let mut page = FormPage::new(
        format!("Close the concern: {}", c.subject()),
        "concerns",
        format!("/concerns/{id}/close"),
        format!("/concerns/{id}"),
    )
    .fields(vec![
        Field::radios::<ConcernOutcome>("outcome", "What happened", &input.outcome),
        Field::yes_no("attributed", "Did the constellation's support make the difference?", &input.attributed)
            .called("Whether support made the difference")
            .hint("Answer when the placement or the carer stabilised. A yes is counted in the monthly return."),
        Field::date("closed_on", "Closed on", &input.closed_on).optional().hint("Leave blank for today."),
        Field::textarea("note", "Note", &input.note, caps::NOTE).optional(),
    ]);
    page.intro = Some(format!("{}, raised {}.", c.kind.label(), c.opened_on.long()));
    if !scope.may(Power::CloseConcern(home.constellation_id)) {
        page.intro = Some(format!(
            "{}, raised {}. Only the liaison worker of the household's constellation closes a concern: tell them what happened.",
            c.kind.label(),
            c.opened_on.long()
        ));
    }
    page.submit = "Close the concern";
    Ok(page)
}

async fn close_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    Ok(close_page(&state, &caller.scope, id, &CloseInput::default()).await?.respond())
}

async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<CloseInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let result = state.store.close_concern(&caller.scope, id, &input).await.map_err(AppError::from);
    let page = close_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |c| format!("/concerns/{}", c.id), || page)
}
