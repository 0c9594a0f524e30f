//! The carers' survey: two questions once a quarter, and the counts for staff.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::support::{Quarter, Rating, Ratings, SurveyDraft, SurveyInput};
use domain::{Choice, Date};

use super::{parse_then, saved_or_form};
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams};
use crate::views::{Cell, DetailPage, Field, FormPage, Link, Section, Table, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/survey", get(show).post(answer)).route("/surveys/results", get(results))
}

fn form(input: &SurveyInput, quarter: Quarter) -> FormPage {
    let mut page = FormPage::new(
        format!("How is it going? {}", quarter.label()),
        "account",
        "/survey".into(),
        "/".into(),
    )
    .fields(vec![
        Field::radios::<Rating>(
            "respite",
            "The sleepovers and short breaks you get",
            &input.respite,
        ),
        Field::radios::<Rating>(
            "peer_support",
            "The peer support in your constellation",
            &input.peer_support,
        ),
        Field::textarea("comment", "Anything you would like to add", &input.comment, caps::NOTE)
            .optional(),
    ]);
    page.intro = Some(
        "Two questions, once a quarter. Your service sees how many carers chose each answer, to make the support better."
            .into(),
    );
    page.submit = "Send";
    page
}

async fn show(State(state): State<AppState>, caller: Caller) -> Result<Response> {
    let quarter = Quarter::of(Date::today());
    if !caller.scope.is_carer() {
        let mut page = DetailPage::new("The carers' survey", "account", "Survey");
        page.notice = Some(
            "Carers answer the survey, once a quarter. The service's staff read how many chose each answer."
                .into(),
        );
        page.actions = vec![Link::new("/surveys/results", "The survey's results")];
        return Ok(render(&page));
    }
    match state.store.my_survey(&caller.scope, quarter).await? {
        None => Ok(form(&SurveyInput::default(), quarter).respond()),
        Some(answer) => {
            let mut page = DetailPage::new(
                format!("How is it going? {}", quarter.label()),
                "account",
                "Survey",
            );
            page.notice =
                Some(format!("Thank you: you answered on {}.", answer.answered_on.long()));
            page.row("Sleepovers and short breaks", answer.respite.label());
            page.row("Peer support", answer.peer_support.label());
            page.row("Anything else", answer.comment.as_deref().unwrap_or("–"));
            page.actions = vec![Link::new("/", "Home")];
            Ok(render(&page))
        }
    }
}

async fn answer(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<SurveyInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result =
        parse_then(
            SurveyDraft::parse(&input),
            |d| async move { store.answer_survey(&scope, &d).await },
        )
        .await;
    saved_or_form(result, |_| "/survey".into(), || form(&input, Quarter::of(Date::today())))
}

fn table(ratings: &Ratings, caption: &str) -> Table {
    let mut table = Table::new(&["Answer", "Carers"], "No answers yet.");
    table.caption = Some(caption.to_string());
    table.compact = true;
    if ratings.total() > 0 {
        for r in Rating::ALL {
            table.row(vec![Cell::text(r.label()), Cell::text(ratings.of(*r))]);
        }
        table.row(vec![Cell::text("All answers"), Cell::text(ratings.total())]);
    }
    table
}

async fn results(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let quarter = params.quarter()?;
    let results = state.store.survey_results(&caller.scope, quarter, None).await?;
    let mut page = DetailPage::new(
        format!("Carers' survey: {}", quarter.label()),
        "account",
        "Survey results",
    );
    page.sections = vec![
        Section {
            title: "The sleepovers and short breaks carers get".into(),
            table: table(&results.respite, "Ratings of sleepovers and short breaks"),
            actions: vec![],
        },
        Section {
            title: "The peer support in their constellation".into(),
            table: table(&results.peer_support, "Ratings of peer support"),
            actions: vec![],
        },
    ];
    page.actions = vec![Link::new(
        format!("/surveys/results?quarter={}", quarter.previous().key()),
        format!("The quarter before ({})", quarter.previous().label()),
    )];
    Ok(render(&page))
}
