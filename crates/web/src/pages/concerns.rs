//! Concerns: the open ones first, one with its red flag and the support linked to it, and the
//! forms to raise one, link support, and close one with its outcome.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::support::{ActionInput, CloseInput, Concern, ConcernDraft, ConcernInput};
use domain::{
    Choice, ConcernKind, ConcernOutcome, Date, Id, PageRequest, Power, Scope, wall_clock,
};
use store::{ContactFilter, EventFilter, SleepoverFilter};

use super::{choices, parse_then, saved_or_form};
use crate::api::concerns::filter;
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{
    Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Section, Table, or_dash, render,
};
use crate::{AppError, AppState, Result};

const LIST: ListOf =
    ListOf { title: "Concerns", section: "concerns", noun: "concerns", path: "/concerns" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/concerns", get(list))
        .route("/concerns/new", get(new).post(create))
        .route("/concerns/{id}", get(show))
        .route("/concerns/{id}/close", get(close_form).post(close))
        .route("/concerns/{id}/link", get(link_form).post(link))
}

fn state_of(c: &Concern) -> String {
    match (c.closed_on, c.outcome) {
        (Some(on), Some(outcome)) => format!("Closed {on}: {}", outcome.label()),
        _ if c.red_flag.is_some() => "Open: red flag".into(),
        _ => "Open".into(),
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let scope = &caller.scope;
    let mut filter = filter(&params)?;
    if params.status.is_none() {
        filter.open = Some(true);
    }
    let household = match filter.household {
        Some(h) => Some(state.store.household(scope, h).await?),
        None => None,
    };
    let request = params.page_request();
    let page = state.store.concerns(scope, &filter, &request).await?;
    let mut table = Table::new(
        &["About", "Kind", "Opened", "State"],
        match filter.open {
            Some(true) => "No open concerns.",
            Some(false) => "No closed concerns.",
            None => "No concerns recorded.",
        },
    );
    for c in &page.items {
        table.row(vec![
            Cell::link(c.subject(), format!("/concerns/{}", c.id)),
            Cell::text(c.kind),
            Cell::text(c.opened_on),
            Cell::text(state_of(c)),
        ]);
    }
    let status = match filter.open {
        Some(true) => "open",
        Some(false) => "closed",
        None => "all",
    };
    let mut keep = vec![("status", status.to_string())];
    keep.extend(filter.household.map(|h| ("household_id", h.to_string())));
    let href = |s: &str| {
        let mut pairs = vec![("status", s.to_string())];
        pairs.extend(filter.household.map(|h| ("household_id", h.to_string())));
        format!("/concerns?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    };
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), keep, table);
    view.title = match (&household, filter.open) {
        (Some(h), _) => format!("Concerns about {}", h.display_name),
        (None, Some(true)) => "Open concerns".into(),
        (None, Some(false)) => "Closed concerns".into(),
        (None, None) => "Concerns".into(),
    };
    view.links = ["open", "closed", "all"]
        .iter()
        .filter(|s| **s != status)
        .map(|s| Link::new(href(s), format!("Show {s} concerns")))
        .collect();
    view.intro = Some(
        "A concern is a time when a placement is at risk, a carer may resign or a move to residential care is likely. The liaison worker closes it with what happened."
            .into(),
    );
    if scope.runs_support() {
        let add = match filter.household {
            Some(h) => format!("/concerns/new?household_id={h}"),
            None => "/concerns/new".into(),
        };
        view.add = Some(Link::new(add, "Raise a concern"));
    }
    Ok(render(&view))
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
            pairs(carers.items.iter().map(|c| (c.id, c.name.clone())).collect()),
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

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let scope = &caller.scope;
    let c = state.store.concern(scope, path_id(&id)?).await?;
    let home = state.store.household(scope, c.household_id).await?;
    let mut page =
        DetailPage::new(format!("{}: {}", c.kind.label(), c.subject()), "concerns", "Concern");
    if let (Some(flag), true) = (&c.red_flag, c.is_open()) {
        page.urgent = Some(Link::new(format!("/concerns/{}", c.id), format!("Red flag. {flag}.")));
    }
    if let Some(counted) = c.counts_as() {
        page.notice = Some(format!("{counted}: the monthly return counts it."));
    }
    page.row("Household", &c.household_name);
    page.row(
        "Raised",
        match c.opened_by.as_str() {
            "" => c.opened_on.to_string(),
            by => format!("{} by {by}", c.opened_on),
        },
    );
    page.row("What is happening", or_dash(c.note.as_ref()));
    page.row("Red flag", or_dash(c.red_flag.as_ref()));
    page.row("State", state_of(&c));
    if !c.is_open() {
        let helped = match c.attributed {
            Some(true) => "Yes",
            _ if c.outcome == Some(ConcernOutcome::Stabilised) => "No",
            _ => "–",
        };
        page.row("Put down to the constellation's support", helped);
        page.row("Closed by", or_dash(c.closed_by.as_ref()));
        page.row("What happened", or_dash(c.closing_note.as_ref()));
    }
    let mut actions = Table::new(&["Support", "Linked"], "No support linked yet.");
    for a in &c.actions {
        let path = match a.kind {
            domain::support::ActionKind::Contact => "contacts",
            domain::support::ActionKind::Sleepover => "sleepovers",
            domain::support::ActionKind::Event => "events",
        };
        actions.row(vec![
            Cell::link(a.kind.label(), format!("/{path}/{}", a.record_id)),
            Cell::text(wall_clock(a.linked_at)),
        ]);
    }
    let support = Power::Support { service: c.service_id, constellation: home.constellation_id };
    let link = if c.is_open() && scope.may(support) {
        vec![Link::new(format!("/concerns/{}/link", c.id), "Link support given")]
    } else {
        vec![]
    };
    page.sections.push(Section { title: "Support given".into(), table: actions, actions: link });
    if c.is_open() && scope.may(Power::CloseConcern(home.constellation_id)) {
        page.actions.push(Link::new(format!("/concerns/{}/close", c.id), "Close the concern"));
    }
    page.actions.push(Link::new(
        format!("/concerns?household_id={}&status=all", c.household_id),
        "Concerns about this household",
    ));
    Ok(render(&page))
}

async fn close_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &CloseInput,
) -> Result<FormPage> {
    let c = state.store.concern(scope, id).await?;
    let yes_no = vec![("yes".to_string(), "Yes".to_string()), ("no".to_string(), "No".to_string())];
    let mut page = FormPage::new(
        format!("Close the concern: {}", c.subject()),
        "concerns",
        format!("/concerns/{id}/close"),
        format!("/concerns/{id}"),
    )
    .fields(vec![
        Field::radios::<ConcernOutcome>("outcome", "What happened", &input.outcome),
        Field::select("attributed", "Did the constellation's support make the difference?", &input.attributed, yes_no)
            .optional()
            .hint("Answer when the placement or the carer stabilised. A yes is counted in the monthly return."),
        Field::date("closed_on", "Closed on", &input.closed_on).optional().hint("Leave blank for today."),
        Field::textarea("note", "Note", &input.note, caps::NOTE).optional(),
    ]);
    page.intro = Some(format!("{}, raised {}.", c.kind.label(), c.opened_on));
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

/// The support a concern may link: the household's latest contacts and sleepovers, and its
/// constellation's events, each as `kind:id`.
async fn support_choices(
    state: &AppState,
    scope: &Scope,
    c: &Concern,
) -> Result<Vec<(String, String)>> {
    let some = PageRequest::new(Some(1), Some(25), None);
    let mut options = Vec::new();
    let contacts = ContactFilter { household: Some(c.household_id), ..Default::default() };
    for k in state.store.contacts(scope, &contacts, &some).await?.items {
        options.push((
            format!("contact:{}", k.id),
            format!("Contact: {}, {}", wall_clock(k.at), k.channel.label()),
        ));
    }
    let stays = SleepoverFilter { household: Some(c.household_id), ..Default::default() };
    for s in state.store.sleepovers(scope, &stays, &some).await?.items {
        options.push((
            format!("sleepover:{}", s.id),
            format!("Sleepover: {} ({})", s.first_night.long(), s.status.label()),
        ));
    }
    let home = state.store.household(scope, c.household_id).await?;
    if let Some(constellation) = home.constellation_id {
        let events = EventFilter {
            constellation: Some(constellation),
            upcoming: Some(false),
            ..Default::default()
        };
        for e in state.store.events(scope, &events, &some).await?.items {
            options.push((
                format!("event:{}", e.id),
                format!("Event: {}, {}", e.title, wall_clock(e.starts_at)),
            ));
        }
    }
    Ok(options)
}

async fn link_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    chosen: &Option<String>,
) -> Result<FormPage> {
    let c = state.store.concern(scope, id).await?;
    let options = support_choices(state, scope, &c).await?;
    let mut page = FormPage::new(
        format!("Link support to the concern: {}", c.subject()),
        "concerns",
        format!("/concerns/{id}/link"),
        format!("/concerns/{id}"),
    )
    .fields(vec![Field::select("record", "Support given", chosen, options)
        .hint("A contact with the household, a sleepover it asked for or hosted, or one of its constellation's events.")]);
    page.submit = "Link";
    Ok(page)
}

async fn link_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    Ok(link_page(&state, &caller.scope, id, &None).await?.respond())
}

#[derive(Debug, Default, serde::Deserialize)]
struct LinkForm {
    #[serde(default)]
    record: Option<String>,
}

async fn link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(form): FormInput<LinkForm>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let chosen = form.record.as_deref().unwrap_or_default().trim();
    if chosen.is_empty() {
        let page = link_page(&state, &caller.scope, id, &form.record).await?;
        return Ok(page.with_message("record", "Choose the support given.".into()).respond());
    }
    let (kind, record) = chosen.split_once(':').unwrap_or(("", ""));
    let input = ActionInput { kind: Some(kind.to_string()), record_id: Some(record.to_string()) };
    let result = state.store.link_action(&caller.scope, id, &input).await.map_err(AppError::from);
    let page = link_page(&state, &caller.scope, id, &form.record).await?;
    saved_or_form(result, |c| format!("/concerns/{}", c.id), || page)
}
