//! Monthly returns for a service's staff: the months to send, one month's figures with the
//! records behind each, what changed since it was sent, and submitting or amending it.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::returns::{Figure, MonthlyReturn, ReturnStatus, Section as Part, SubmitInput};
use domain::{Choice, Date, Id, Month, Scope, wall_clock};

use super::saved_or_form;
use crate::api::returns::month_of;
use crate::caller::Caller;
use crate::extract::{FormInput, path_id};
use crate::views::{Cell, DetailPage, Field, FormPage, Link, Section, Table, render};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services/{id}/returns", get(list))
        .route("/services/{id}/returns/{month}", get(show))
        .route("/services/{id}/returns/{month}/submit", get(submit_form).post(submit))
}

/// How many months back the list offers.
const MONTHS_LISTED: usize = 12;

fn shown(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_else(|| "–".into())
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let service = state.store.service(&caller.scope, id).await?;
    let sent = state.store.returns_sent(&caller.scope, id).await?;
    let mut table = Table::new(&["Month", "Status", "Versions", "Last sent"], "");
    let mut month = Date::today().month().previous();
    for _ in 0..MONTHS_LISTED {
        let found = sent.iter().find(|s| s.month == month);
        table.row(vec![
            Cell::link(month.label(), format!("/services/{id}/returns/{month}")),
            Cell::text(found.map(|s| s.status.label()).unwrap_or(ReturnStatus::Draft.label())),
            Cell::text(found.map(|s| s.versions).unwrap_or(0)),
            Cell::text(
                found
                    .and_then(|s| s.submitted_at.parse().ok())
                    .map(wall_clock)
                    .unwrap_or_else(|| "–".into()),
            ),
        ]);
        month = month.previous();
    }
    let mut page = DetailPage::new(
        format!("Monthly returns: {}", service.name),
        "services",
        "Monthly returns",
    );
    page.notice = Some(
        "Each month's figures are counted from the records. Review them, then submit the return once the month has ended."
            .into(),
    );
    page.sections =
        vec![Section { title: "The last twelve months".into(), table, actions: vec![] }];
    let this = Date::today().month();
    page.actions = vec![
        Link::new(
            format!("/services/{id}/returns/{this}"),
            format!("This month so far ({})", this.label()),
        ),
        Link::new(format!("/services/{id}"), "The service"),
        Link::new("/rollup", "The national roll-up"),
    ];
    Ok(render(&page))
}

fn figures_table(figures: &[Figure], part: Part) -> Table {
    let mut table = Table::new(&["Figure", "Value"], "");
    table.compact = true;
    for f in figures.iter().filter(|f| f.section == part) {
        // The figure's name links to the records behind it: a link that says what it opens.
        table.row(vec![Cell::link(&f.label, &f.records), Cell::text(shown(f.value))]);
    }
    table
}

/// How many figures, and the verb that agrees: ("1 figure", "differs"), ("3 figures", "differ").
fn figures_differ(n: usize) -> (String, &'static str) {
    if n == 1 { ("1 figure".into(), "differs") } else { (format!("{n} figures"), "differ") }
}

fn status_line(r: &MonthlyReturn) -> String {
    match r.versions.last() {
        None => "Not submitted yet.".into(),
        Some(v) if r.changed_since_submission.is_empty() => format!(
            "{} on {} by {}. Nothing behind it has changed since.",
            v.status.label(),
            wall_clock(v.submitted_at),
            v.submitted_by
        ),
        Some(v) => {
            let (figures, differ) = figures_differ(r.changed_since_submission.len());
            format!(
                "Records changed since submission: {figures} sent on {} {differ} from the records now. Submit an amendment to send them.",
                wall_clock(v.submitted_at)
            )
        }
    }
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, month)): Path<(String, String)>,
) -> Result<Response> {
    let (id, month) = (path_id(&id)?, month_of(&month)?);
    let r = state.store.monthly_return(&caller.scope, id, month).await?;
    let mut page = DetailPage::new(
        format!("Monthly return: {}, {}", r.service_name, month.label()),
        "services",
        "Monthly return",
    );
    page.notice = Some(status_line(&r));
    page.row("Status", r.status.label());
    page.row("Versions sent", r.versions.len());
    let mut sections = Vec::new();
    if !r.changed_since_submission.is_empty() {
        let mut table = Table::new(&["Figure", "Sent", "Now"], "");
        table.compact = true;
        for c in &r.changed_since_submission {
            table.row(vec![
                Cell::text(&c.label),
                Cell::text(shown(c.before)),
                Cell::text(shown(c.after)),
            ]);
        }
        sections.push(Section {
            title: "Changed since it was submitted".into(),
            table,
            actions: vec![],
        });
    }
    for part in Part::ALL {
        sections.push(Section {
            title: part.label().into(),
            table: figures_table(&r.figures, *part),
            actions: vec![],
        });
    }
    let mut versions =
        Table::new(&["Version", "Status", "Sent", "By", "Comment"], "No version sent yet.");
    for v in &r.versions {
        versions.row(vec![
            Cell::text(v.version),
            Cell::text(v.status.label()),
            Cell::text(wall_clock(v.submitted_at)),
            Cell::text(&v.submitted_by),
            Cell::text(v.comment.as_deref().unwrap_or("–")),
        ]);
    }
    sections.push(Section { title: "Versions sent".into(), table: versions, actions: vec![] });
    page.sections = sections;
    if r.check_submittable(Date::today()).is_ok() {
        let text = match r.next_status() {
            ReturnStatus::Amended => "Submit an amendment",
            _ => "Submit the return",
        };
        page.actions.push(Link::new(format!("/services/{id}/returns/{month}/submit"), text));
    }
    page.actions
        .push(Link::new(format!("/api/v1/services/{id}/returns/{month}/csv"), "Download as CSV"));
    page.actions.push(Link::new(
        format!("/api/v1/services/{id}/returns/{month}/xlsx"),
        "Download as a spreadsheet (XLSX)",
    ));
    page.actions.push(Link::new(format!("/services/{id}/returns"), "All the monthly returns"));
    Ok(render(&page))
}

async fn submit_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    month: Month,
    input: &SubmitInput,
) -> Result<FormPage> {
    let r = state.store.monthly_return(scope, id, month).await?;
    let amending = r.next_status() == ReturnStatus::Amended;
    let mut page = FormPage::new(
        format!(
            "{} {}'s return for {}",
            if amending { "Amend" } else { "Submit" },
            r.service_name,
            month.label()
        ),
        "services",
        format!("/services/{id}/returns/{month}/submit"),
        format!("/services/{id}/returns/{month}"),
    );
    let comment =
        Field::textarea("comment", "Comment for the programme", &input.comment, caps::NOTE);
    page = page.fields(vec![if amending {
        comment.hint("Say what was corrected since the last version.")
    } else {
        comment.optional().hint("Anything the programme should know about the month.")
    }]);
    page.intro = Some(match r.check_submittable(Date::today()) {
        Ok(()) if amending => {
            let (figures, differ) = figures_differ(r.changed_since_submission.len());
            format!("{figures} {differ} from the version sent. Both versions are kept.")
        }
        Ok(()) => "The figures are sent as they stand now, and kept as they are: a later correction to the records makes an amendment.".into(),
        Err(e) => {
            // Nothing to send: say why, and offer no form.
            page.fields.clear();
            let why: Vec<String> = e.fields().iter().map(|f| f.message.clone()).collect();
            format!("{} {}.", month.label(), why.join(" "))
        }
    });
    page.submit = if amending { "Submit the amendment" } else { "Submit the return" };
    Ok(page)
}

async fn submit_form(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, month)): Path<(String, String)>,
) -> Result<Response> {
    let (id, month) = (path_id(&id)?, month_of(&month)?);
    Ok(submit_page(&state, &caller.scope, id, month, &SubmitInput::default()).await?.respond())
}

async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, month)): Path<(String, String)>,
    FormInput(input): FormInput<SubmitInput>,
) -> Result<Response> {
    let (id, month) = (path_id(&id)?, month_of(&month)?);
    let result =
        state.store.submit_return(&caller.scope, id, month, &input).await.map_err(AppError::from);
    let page = submit_page(&state, &caller.scope, id, month, &input).await?;
    saved_or_form(result, |_| format!("/services/{id}/returns/{month}"), || page)
}
