//! One sleepover, and each step on it as one short form.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::sleepovers::{AnswerInput, Sleepover, Step};
use domain::{Choice, Date, Scope};
use store::Stepping;

use crate::caller::Caller;
use crate::extract::{FormInput, path_id};
use crate::pages::saved_or_form;
use crate::views::{DetailPage, Field, FormPage, Link, or_dash, render};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sleepovers/{id}", get(show))
        .route("/sleepovers/{id}/{step}", get(step_form).post(take_step))
}

/// A step's address segment, as the API names it.
fn slug(step: Step) -> &'static str {
    match step {
        Step::DidNotHappen => "did-not-happen",
        other => other.as_str(),
    }
}

fn step_of(slug: &str) -> Result<Step> {
    Step::ALL.iter().copied().find(|s| self::slug(*s) == slug).ok_or(AppError::NotFound)
}

/// The steps the caller may take now, in the order a page offers them.
fn steps(scope: &Scope, s: &Sleepover, stepping: &Stepping) -> Vec<Step> {
    let today = Date::today();
    Step::ALL
        .iter()
        .copied()
        .filter(|step| step.allowed(s.status, s.first_night, s.last_night, today).is_ok())
        .filter(|step| step.may(scope, s, stepping.host))
        .collect()
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let (s, stepping) = state.store.sleepover_to_step(&caller.scope, id).await?;
    let title = format!("{}: {}", s.title(), super::nights(&s));
    let mut page = DetailPage::new(title, "sleepovers", "Sleepovers and short breaks");
    page.row("Status", s.status);
    if s.status == domain::SleepoverStatus::Requested
        && let Some(why) = stepping.authority_blocker(&s)
    {
        page.row("Before it can be confirmed", why);
    }
    page.row("Children", super::who(&s));
    page.row("From", &s.from_household_name);
    page.row("Staying with", &s.host_household_name);
    page.row("First night", s.first_night.long());
    page.row("Nights", s.nights);
    page.row("Last night", s.last_night.long());
    page.row("Kind", s.kind);
    page.row("Reason", s.reason);
    page.row("Note", or_dash(s.note.as_ref()));
    if s.carer_on_holiday {
        page.row("Usual carer", "On holiday");
    }
    if let Some(minutes) = s.minutes_to_answer {
        page.row("Answered after", format!("{minutes} minutes"));
    }
    if let Some(note) = &s.outcome_note {
        page.row("Reason given", note);
    }
    if let Some(reason) = &s.override_reason {
        let rules: Vec<&str> = s.overridden.iter().map(|r| r.label()).collect();
        page.row("Override", format!("{reason} ({})", rules.join(", ")));
    }
    page.actions = steps(&caller.scope, &s, &stepping)
        .into_iter()
        .map(|step| Link::new(format!("/sleepovers/{id}/{}", slug(step)), step.label()))
        .collect();
    page.actions.push(Link::new(
        format!("/households/{}/calendar?month={}", s.host_household_id, s.first_night.month()),
        "Host's calendar",
    ));
    Ok(render(&page))
}

fn form(s: &Sleepover, step: Step, input: &AnswerInput) -> FormPage {
    let label = match step {
        Step::Confirm => "Anything the family should know",
        Step::Decline => "Reason for declining",
        Step::Cancel => "Reason for cancelling",
        Step::DidNotHappen => "Reason it did not happen",
        Step::Override => "Reason for the override",
        Step::Complete => "Anything to note",
    };
    let mut reason = Field::text("reason", label, &input.reason, caps::SHORT);
    if !step.needs_reason() {
        reason = reason.optional();
    }
    let mut page = FormPage::new(
        format!("{}: {}", step.label(), s.title().to_lowercase()),
        "sleepovers",
        format!("/sleepovers/{}/{}", s.id, slug(step)),
        format!("/sleepovers/{}", s.id),
    )
    .fields(vec![reason]);
    page.caption = Some(format!("{}, {}", super::who(s), super::nights(s)));
    page.intro = Some(match step {
        Step::Confirm => format!("This takes {} on each night. The family will be told.", beds(s)),
        Step::Override => "The override and its reason are recorded with your name.".into(),
        Step::Cancel | Step::DidNotHappen => "Any beds held are freed.".into(),
        _ => "The family will be told.".into(),
    });
    page.submit = step.label();
    page
}

fn beds(s: &Sleepover) -> String {
    if s.children.len() == 1 { "1 bed".into() } else { format!("{} beds", s.children.len()) }
}

async fn step_form(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, step)): Path<(String, String)>,
) -> Result<Response> {
    let (id, step) = (path_id(&id)?, step_of(&step)?);
    let s = state.store.sleepover(&caller.scope, id).await?;
    Ok(form(&s, step, &AnswerInput::default()).respond())
}

async fn take_step(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, step)): Path<(String, String)>,
    FormInput(input): FormInput<AnswerInput>,
) -> Result<Response> {
    let (id, step) = (path_id(&id)?, step_of(&step)?);
    let s = state.store.sleepover(&caller.scope, id).await?;
    let result = match input.parse(step) {
        Ok(reason) => state
            .store
            .step_sleepover(&caller.scope, id, step, reason)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    let page = form(&s, step, &input);
    saved_or_form(result, |s| format!("/sleepovers/{}", s.id), || page)
}
