//! Asking for a sleepover: one short form for one household's children.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::sleepovers::{SleepoverDraft, SleepoverInput};
use domain::{Id, PageRequest, Power, Scope, SleepoverKind, SleepoverReason};
use store::HouseholdFilter;

use crate::caller::Caller;
use crate::extract::{FormInput, ListParams};
use crate::pages::{choices, parse_then, saved_or_form};
use crate::views::{Field, FormPage, Link};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/sleepovers/new", get(new).post(create))
}

async fn form(
    state: &AppState,
    scope: &Scope,
    household: Id,
    input: &SleepoverInput,
) -> Result<FormPage> {
    let home = state.store.household(scope, household).await?;
    let rules = state.store.sleepover_rules(scope, home.service_id).await?;
    let children = state
        .store
        .children(scope, Some(household), &PageRequest::new(Some(1), Some(100), None))
        .await?;
    let options = children.items.iter().map(|k| (k.id.to_string(), k.name.clone())).collect();
    let mut fields = vec![
        Field::hidden("from_household_id", &Some(household.to_string())),
        Field::checkboxes(
            "child_ids",
            "Children",
            &input.child_ids.as_ref().map(|ids| ids.join(",")),
            options,
        )
        .hint("Tick each child of a sibling group who is staying. Each child takes a bed."),
        Field::date("first_night", "First night", &input.first_night),
        Field::number("nights", "Number of nights", &input.nights),
        Field::choice::<SleepoverKind>("kind", "Kind of request", &input.kind),
        Field::checkbox(
            "short_break",
            "This is a short break (a planned stay of several nights for respite)",
            &input.short_break,
        ),
        Field::choice::<SleepoverReason>("reason", "Reason", &input.reason),
        Field::checkbox(
            "carer_on_holiday",
            "The usual carer is on holiday",
            &input.carer_on_holiday,
        ),
        Field::textarea("note", "Anything the host should know", &input.note, caps::NOTE)
            .optional(),
    ];
    if rules.satellites_may_host
        && let Some(constellation) = home.constellation_id
    {
        let filter = HouseholdFilter { constellation: Some(constellation), ..Default::default() };
        let hosts = state
            .store
            .households(scope, &filter, &PageRequest::new(Some(1), Some(100), None))
            .await?;
        let options = hosts
            .items
            .iter()
            .filter(|h| h.id != household)
            .map(|h| {
                (
                    h.id.to_string(),
                    format!(
                        "{} ({})",
                        h.display_name,
                        domain::Choice::label(h.role.unwrap_or_default())
                    ),
                )
            })
            .collect();
        fields.insert(
            1,
            Field::select("host_household_id", "Host household", &input.host_household_id, options)
                .optional()
                .hint("Leave as it is for the hub."),
        );
    }
    if scope.may(Power::Override(home.service_id)) {
        fields.push(
            Field::text("override_reason", "Reason to override the service's rules", &input.override_reason, caps::SHORT)
                .optional()
                .hint("Only if this request must break a rule, or a child's delegated authority is not in place."),
        );
    }
    let mut page = FormPage::new(
        format!("Ask for a sleepover for {}", home.display_name),
        "sleepovers",
        format!("/sleepovers/new?household_id={household}"),
        "/sleepovers".into(),
    )
    .fields(fields);
    page.intro = Some(format!(
        "A sleepover is at most {} nights and a short break at most {}. Planned requests need {} days' notice. Each household may use {} nights a year.",
        rules.sleepover_nights, rules.short_break_nights, rules.notice_days, rules.yearly_nights
    ));
    page.submit = "Send request";
    Ok(page)
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let household = params.id("household_id")?.or_else(|| caller.scope.own_household());
    match household {
        Some(h) => Ok(form(&state, &caller.scope, h, &SleepoverInput::default()).await?.respond()),
        // Staff ask on a household's behalf: first, which household.
        None => {
            let back = Link::new("/sleepovers", "Back to sleepovers");
            let question = "Which household is asking?";
            choices::which_household(
                &state,
                &caller.scope,
                "Ask for a sleepover",
                "sleepovers",
                question,
                "/sleepovers/new",
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
    FormInput(mut input): FormInput<SleepoverInput>,
) -> Result<Response> {
    let household = params.id("household_id")?.ok_or(AppError::NotFound)?;
    input.from_household_id = Some(household.to_string());
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(SleepoverDraft::parse(&input), |d| async move {
        store.request_sleepover(&scope, &d).await
    })
    .await;
    let page = form(&state, &caller.scope, household, &input).await?;
    saved_or_form(result, |s| format!("/sleepovers/{}", s.id), || page)
}
