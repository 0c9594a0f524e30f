//! One-to-one support contacts: a month's log, filtered by household and by who made them, and
//! one short form made for a phone.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::caps;
use domain::support::{Contact, ContactDraft, ContactInput, ContactTopic};
use domain::{Choice, ContactChannel, Id, Scope, local_minute, wall_clock};

use super::{choices, parse_then, saved_or_form};
use crate::api::contacts::filter;
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Table, render};
use crate::{AppState, Result};

const LIST: ListOf =
    ListOf { title: "Support contacts", section: "contacts", noun: "contacts", path: "/contacts" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/contacts", get(list))
        .route("/contacts/new", get(new).post(create))
        .route("/contacts/{id}", get(show))
        .route("/contacts/{id}/edit", get(edit).post(update))
}

/// What a contact was, as a heading says it: "Phone call with …".
fn heading(channel: ContactChannel) -> &'static str {
    match channel {
        ContactChannel::Phone => "Phone call",
        ContactChannel::InPerson => "Visit",
        ContactChannel::Video => "Video call",
        ContactChannel::Message => "Messages",
    }
}

fn how(c: &Contact) -> String {
    format!("{}, {} min", c.channel.label(), c.minutes)
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let scope = &caller.scope;
    // A month that cannot be read shows this month, with the box saying what it holds.
    let month = params.month().unwrap_or_else(|_| domain::Date::today().month());
    let filter = filter(&params, scope, Some(month))?;
    // A household to filter by is one the person can see, or the page is not found.
    let household = match filter.household {
        Some(h) => Some(state.store.household(scope, h).await?),
        None => None,
    };
    let request = params.page_request();
    let page = state.store.contacts(scope, &filter, &request).await?;
    let makers = state.store.contact_makers(scope, &filter).await?;
    let households = choices::households(&state, scope, None).await?;
    let mut table = Table::new(
        &["When", "Household", "Made by", "How", "About"],
        format!("No contacts logged in {} with these filters.", month.label()),
    );
    table.caption = Some(format!("Support contacts in {}", month.label()));
    for c in &page.items {
        table.row(vec![
            Cell::link(wall_clock(c.at), format!("/contacts/{}", c.id)),
            Cell::link(&c.household_name, format!("/households/{}", c.household_id)),
            Cell::text(&c.made_by),
            Cell::text(how(c)),
            Cell::text(c.topic_labels()),
        ]);
    }
    let keep = |m: domain::Month| {
        let mut pairs = vec![("month", m.to_string())];
        pairs.extend(filter.household.map(|h| ("household_id", h.to_string())));
        pairs.extend(filter.made_by.map(|u| ("made_by", u.to_string())));
        pairs
    };
    let href =
        |m| format!("/contacts?{}", serde_urlencoded::to_string(keep(m)).unwrap_or_default());
    let as_text = |id: Option<Id>| id.map(|i| i.to_string());
    let people = makers.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), keep(month), table)
        .filters(vec![
            Field::month("month", "Month", &Some(month.to_string())).hint("For example, 2026-11"),
            Field::select("household_id", "Household", &as_text(filter.household), households)
                .any("Any household"),
            Field::select("made_by", "Made by", &as_text(filter.made_by), people).any("Anyone"),
        ]);
    view.title = match &household {
        Some(h) => format!("Support contacts with {}: {}", h.display_name, month.label()),
        None => format!("Support contacts: {}", month.label()),
    };
    view.links = vec![
        Link::new(href(month.previous()), format!("Previous month ({})", month.previous().label())),
        Link::new(href(month.next()), format!("Next month ({})", month.next().label())),
    ];
    view.intro = Some(if scope.runs_support() {
        "One-to-one support given by the hub carer and the liaison worker, a month at a time. Search by household, by who made the contact, or by a word in its note.".into()
    } else {
        "Support contacts are kept by the hub carer and the liaison worker.".into()
    });
    if scope.runs_support() {
        let add = match filter.household {
            Some(h) => format!("/contacts/new?household_id={h}"),
            None => "/contacts/new".into(),
        };
        view.add = Some(Link::new(add, "Log a contact"));
    }
    Ok(render(&view))
}

async fn form(
    state: &AppState,
    scope: &Scope,
    input: &ContactInput,
    action: String,
    cancel: String,
    title: &str,
) -> Result<FormPage> {
    let households = choices::households(state, scope, None).await?;
    let topics =
        ContactTopic::ALL.iter().map(|t| (t.as_str().to_string(), t.label().to_string())).collect();
    let mut page = FormPage::new(title, "contacts", action, cancel).fields(vec![
        Field::select("household_id", "Household", &input.household_id, households),
        Field::radios::<ContactChannel>("channel", "How was the contact made", &input.channel),
        Field::number("minutes", "Minutes", &input.minutes).hint("Roughly how long, 1 to 480"),
        Field::checkboxes(
            "topics",
            "What it was about",
            &input.topics.as_ref().map(|t| t.join(",")),
            topics,
        )
        .hint("Tick all that apply."),
        Field::datetime("at", "When", &input.at)
            .optional()
            .hint("UK time. Leave it blank for a contact that has just ended."),
        Field::textarea("note", "Note", &input.note, caps::SHORT)
            .optional()
            .hint("A line or two. Use the household's record for anything longer."),
    ]);
    page.submit = "Log contact";
    Ok(page)
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    // A household named in the address must be one the person can see.
    let household = match params.id("household_id")? {
        Some(id) => Some(state.store.household(&caller.scope, id).await?.id),
        None => None,
    };
    let input =
        ContactInput { household_id: household.map(|h| h.to_string()), ..Default::default() };
    let cancel =
        household.map(|h| format!("/households/{h}")).unwrap_or_else(|| "/contacts".into());
    let page = form(&state, &caller.scope, &input, "/contacts/new".into(), cancel, "Log a contact");
    Ok(page.await?.respond())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<ContactInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(ContactDraft::parse(&input, jiff::Timestamp::now()), |d| async move {
        store.log_contact(&scope, &d).await
    })
    .await;
    let page = form(
        &state,
        &caller.scope,
        &input,
        "/contacts/new".into(),
        "/contacts".into(),
        "Log a contact",
    )
    .await?;
    saved_or_form(result, |c| format!("/contacts/{}?status=logged", c.id), || page)
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    params: ListParams,
) -> Result<Response> {
    let c = state.store.contact(&caller.scope, path_id(&id)?).await?;
    let mut page = DetailPage::new(
        format!("{} with {}", heading(c.channel), c.household_name),
        "contacts",
        "Support contact",
    );
    // Straight after the form: say it is saved, so a carer can put the phone down.
    if params.status.as_deref() == Some("logged") {
        page.notice = Some("Contact logged.".into());
    }
    page.row("Household", &c.household_name);
    page.row("When", wall_clock(c.at));
    page.row("Made by", &c.made_by);
    page.row("How", how(&c));
    page.row("What it was about", c.topic_labels());
    page.row("Note", c.note.as_deref().unwrap_or("–"));
    page.actions = vec![
        Link::new(format!("/contacts/{}/edit", c.id), "Correct this contact"),
        Link::new(
            format!("/contacts?household_id={}&month={}", c.household_id, month_of(&c)),
            "Contacts with this household",
        ),
        Link::new(format!("/contacts/new?household_id={}", c.household_id), "Log another"),
    ];
    if !c.may_change(&caller.scope) {
        page.actions.remove(0);
    }
    Ok(render(&page))
}

/// The UK month a contact was made in, as `2026-11`.
fn month_of(c: &Contact) -> String {
    local_minute(c.at)[..7].to_string()
}

fn input_of(c: &Contact) -> ContactInput {
    ContactInput {
        household_id: Some(c.household_id.to_string()),
        at: Some(local_minute(c.at)),
        channel: Some(c.channel.as_str().into()),
        minutes: Some(c.minutes.to_string()),
        topics: Some(c.topics.iter().map(|t| t.as_str().to_string()).collect()),
        note: c.note.clone(),
    }
}

async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let c = state.store.contact(&caller.scope, id).await?;
    let mut page = form(
        &state,
        &caller.scope,
        &input_of(&c),
        format!("/contacts/{id}/edit"),
        format!("/contacts/{id}"),
        "Correct the contact",
    )
    .await?;
    page.submit = "Save";
    Ok(page.respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<ContactInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(ContactDraft::parse(&input, jiff::Timestamp::now()), |d| async move {
        store.correct_contact(&scope, id, &d).await
    })
    .await;
    let mut page = form(
        &state,
        &caller.scope,
        &input,
        format!("/contacts/{id}/edit"),
        format!("/contacts/{id}"),
        "Correct the contact",
    )
    .await?;
    page.submit = "Save";
    saved_or_form(result, |c| format!("/contacts/{}", c.id), || page)
}
