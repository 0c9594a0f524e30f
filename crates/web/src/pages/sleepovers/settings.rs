//! A host's unavailable nights, and a service's sleepover rules: short forms.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::sleepovers::{RulesInput, SleepoverRules, UnavailableDraft, UnavailableInput};
use domain::{Date, Id, Scope};

use crate::caller::Caller;
use crate::extract::{FormInput, path_id};
use crate::pages::{parse_then, saved_or_form};
use crate::views::{Field, FormPage};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/households/{id}/unavailable/new", get(unavailable_form).post(mark_unavailable))
        .route("/unavailable/{id}/withdraw", get(withdraw_form).post(withdraw))
        .route("/services/{id}/sleepover-rules", get(rules_form).post(set_rules))
}

async fn unavailable_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &UnavailableInput,
) -> Result<FormPage> {
    let host = state.store.household(scope, id).await?;
    let mut page = FormPage::new(
        format!("Mark nights unavailable at {}", host.display_name),
        "sleepovers",
        format!("/households/{id}/unavailable/new"),
        format!("/households/{id}/calendar"),
    )
    .fields(vec![
        Field::date("from_on", "First night away", &input.from_on),
        Field::date("to_on", "Last night away", &input.to_on),
        Field::text("reason", "Reason", &input.reason, caps::SHORT)
            .hint("For example, family holiday. Only the host and the service's staff see it."),
    ]);
    page.intro = Some("No one can ask for these nights until you open them again.".into());
    Ok(page)
}

async fn unavailable_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    Ok(unavailable_page(&state, &caller.scope, id, &UnavailableInput::default()).await?.respond())
}

async fn mark_unavailable(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<UnavailableInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(UnavailableDraft::parse(&input, Date::today()), |d| async move {
        store.mark_unavailable(&scope, id, &d).await
    })
    .await;
    let page = unavailable_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(
        result,
        |u| format!("/households/{}/calendar?month={}", u.household_id, u.from_on.month()),
        || page,
    )
}

async fn withdraw_page(state: &AppState, scope: &Scope, id: Id) -> Result<(FormPage, String)> {
    let (u, host) = state.store.unavailable(scope, id).await?;
    let calendar = format!("/households/{}/calendar?month={}", host.id, u.from_on.month());
    let mut page = FormPage::new(
        format!("Open the nights from {} to {} again", u.from_on.long(), u.to_on.long()),
        "sleepovers",
        format!("/unavailable/{id}/withdraw"),
        calendar.clone(),
    );
    page.caption = Some(host.display_name);
    page.intro = Some("Carers will be able to ask for these nights again. The record that they were marked is kept.".into());
    page.submit = "Open the nights";
    Ok((page, calendar))
}

async fn withdraw_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    Ok(withdraw_page(&state, &caller.scope, path_id(&id)?).await?.0.respond())
}

async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let (page, calendar) = withdraw_page(&state, &caller.scope, id).await?;
    let result = state.store.withdraw_unavailable(&caller.scope, id).await.map_err(AppError::from);
    saved_or_form(result, |()| calendar, || page)
}

fn rules_input(r: &SleepoverRules) -> RulesInput {
    RulesInput {
        sleepover_nights: Some(r.sleepover_nights.to_string()),
        short_break_nights: Some(r.short_break_nights.to_string()),
        notice_days: Some(r.notice_days.to_string()),
        yearly_nights: Some(r.yearly_nights.to_string()),
        satellites_may_host: Some(if r.satellites_may_host { "yes" } else { "no" }.into()),
    }
}

async fn rules_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &RulesInput,
) -> Result<FormPage> {
    let service = state.store.service(scope, id).await?;
    let mut page = FormPage::new(
        format!("Sleepover rules for {}", service.name),
        "services",
        format!("/services/{id}/sleepover-rules"),
        format!("/services/{id}"),
    )
    .fields(vec![
        Field::number("sleepover_nights", "Most nights in one sleepover", &input.sleepover_nights),
        Field::number(
            "short_break_nights",
            "Most nights in one short break",
            &input.short_break_nights,
        ),
        Field::number("notice_days", "Days of notice for a planned request", &input.notice_days),
        Field::number(
            "yearly_nights",
            "Nights a household may use from April to March",
            &input.yearly_nights,
        ),
        Field::checkbox(
            "satellites_may_host",
            "A satellite may host another satellite's child",
            &input.satellites_may_host,
        ),
    ]);
    page.intro = Some("A request that breaks a rule is refused with the rule and its numbers. A liaison worker may override it with a reason.".into());
    Ok(page)
}

async fn rules_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let rules = state.store.sleepover_rules(&caller.scope, id).await?;
    Ok(rules_page(&state, &caller.scope, id, &rules_input(&rules)).await?.respond())
}

async fn set_rules(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<RulesInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(SleepoverRules::parse(&input), |r| async move {
        store.set_sleepover_rules(&scope, id, &r).await
    })
    .await;
    let page = rules_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |_| format!("/services/{id}"), || page)
}
