//! Raising a concern: first which household, then one short form.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::support::{ConcernDraft, ConcernInput};
use domain::{ConcernKind, Date, Id, PageRequest, Scope};

use crate::caller::Caller;
use crate::extract::{FormInput, ListParams};
use crate::pages::{choices, parse_then, saved_or_form};
use crate::views::{Field, FormPage, Link};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/concerns/new", get(new).post(create))
}

async fn form(
    state: &AppState,
    scope: &Scope,
    household: Id,
    input: &ConcernInput,
) -> Result<FormPage> {
    let home = state.store.household(scope, household).await?;
    let some = PageRequest::new(Some(1), Some(100), None);
    let children = state.store.children(scope, Some(household), &some).await?;
    let carers = state.store.carers(scope, Some(household), &some).await?;
    let pairs =
        |items: Vec<(Id, String)>| items.into_iter().map(|(i, n)| (i.to_string(), n)).collect();
    let mut page = FormPage::new(
        format!("Raise a concern about {}", home.display_name),
        "concerns",
        format!("/concerns/new?household_id={household}"),
        format!("/households/{household}"),
    )
    .fields(vec![
        Field::hidden("household_id", &Some(household.to_string())),
        Field::radios::<ConcernKind>("kind", "What is the concern", &input.kind),
        Field::select(
            "child_id",
            "Which child",
            &input.child_id,
            pairs(children.items.iter().map(|k| (k.id, k.name.clone())).collect()),
        )
        .optional()
        .hint("For a placement at risk or a likely move to residential care."),
        Field::select(
            "carer_id",
            "Which carer",
            &input.carer_id,
            // A carer whose approval has ended is no longer one who may resign.
            pairs(
                carers
                    .items
                    .iter()
                    .filter(|c| c.approved_to.is_none_or(|to| to >= Date::today()))
                    .map(|c| (c.id, c.name.clone()))
                    .collect(),
            ),
        )
        .optional()
        .hint("For a carer who may resign."),
        Field::date("opened_on", "Raised on", &input.opened_on)
            .optional()
            .hint("Leave blank for today."),
        Field::textarea("note", "What is happening", &input.note, caps::NOTE).optional(),
    ]);
    page.intro = Some("If another concern was raised about the same child or household in the last 7 days, or an emergency sleepover for the household is under way, the liaison worker is alerted at once.".into());
    page.submit = "Raise the concern";
    Ok(page)
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    match params.id("household_id")? {
        Some(h) => Ok(form(&state, &caller.scope, h, &ConcernInput::default()).await?.respond()),
        None => {
            let back = Link::new("/concerns", "Back to concerns");
            let question = "Which household is it about?";
            choices::which_household(
                &state,
                &caller.scope,
                "Raise a concern",
                "concerns",
                question,
                "/concerns/new",
                back,
            )
            .await
        }
    }
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
    FormInput(mut input): FormInput<ConcernInput>,
) -> Result<Response> {
    let household = params.id("household_id")?.ok_or(AppError::NotFound)?;
    input.household_id = Some(household.to_string());
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(ConcernDraft::parse(&input, Date::today()), |d| async move {
        store.open_concern(&scope, &d).await
    })
    .await;
    let page = form(&state, &caller.scope, household, &input).await?;
    saved_or_form(result, |c| format!("/concerns/{}", c.id), || page)
}
