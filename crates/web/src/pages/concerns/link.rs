//! Linking support given to an open concern: a contact, a sleepover or an event.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::support::{ActionInput, Concern, sleepover_gave_support};
use domain::{Choice, Id, PageRequest, Scope, wall_clock};
use store::{ContactFilter, EventFilter, SleepoverFilter};

use crate::caller::Caller;
use crate::extract::{FormInput, path_id};
use crate::pages::saved_or_form;
use crate::views::{Field, FormPage};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/concerns/{id}/link", get(link_form).post(link))
}

/// The support a concern may link: the household's latest contacts and sleepovers, and its
/// constellation's events, each as `kind:id`.
async fn support_choices(
    state: &AppState,
    scope: &Scope,
    c: &Concern,
) -> Result<Vec<(String, String)>> {
    let some = PageRequest::first(25);
    let mut options = Vec::new();
    let contacts = ContactFilter { household: Some(c.household_id), ..Default::default() };
    for k in state.store.contacts(scope, &contacts, &some).await?.items {
        options.push((
            format!("contact:{}", k.id),
            format!("Contact: {}, {}", wall_clock(k.at), k.channel.label()),
        ));
    }
    let stays = SleepoverFilter { household: Some(c.household_id), ..Default::default() };
    let given = |s: &domain::sleepovers::Sleepover| sleepover_gave_support(s.status);
    for s in state.store.sleepovers(scope, &stays, &some).await?.items.into_iter().filter(given) {
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
