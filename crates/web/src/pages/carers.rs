use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::{Carer, CarerDraft, CarerInput, EndInput, caps};
use domain::{CarerRole, Choice, Id, LeavingReason, Scope};

use super::{choices, parse_then, saved_or_form};
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{
    Cell, DetailPage, Field, FormPage, Link, ListOf, ListPage, Table, or_dash, render,
};
use crate::{AppError, AppState, Result};

const LIST: ListOf = ListOf { title: "Carers", section: "carers", noun: "carers", path: "/carers" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/carers", get(list).post(create))
        .route("/carers/new", get(new))
        .route("/carers/{id}", get(show))
        .route("/carers/{id}/edit", get(edit).post(update))
        .route("/carers/{id}/end", get(end_form).post(end))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let request = params.page_request();
    let household = params.id("household_id")?;
    let page = state.store.carers(&caller.scope, household, &request).await?;
    let mut table = Table::new(&["Carer", "Household", "Role", "Approved to"], "No carers yet.");
    for c in &page.items {
        table.row(vec![
            Cell::link(&c.name, format!("/carers/{}", c.id)),
            Cell::link(&c.household_name, format!("/households/{}", c.household_id)),
            Cell::text(c.role),
            Cell::text(c.approved_to.map(|d| d.to_string()).unwrap_or_else(|| "Approved".into())),
        ]);
    }
    let keep = household.map(|h| vec![("household_id", h.to_string())]).unwrap_or_default();
    let mut view = ListPage::new(&LIST, &page, request.search.as_deref(), keep, table);
    view.intro = Some("To add a carer, open their household and choose Add a carer.".into());
    Ok(render(&view))
}

async fn form(
    state: &AppState,
    scope: &Scope,
    input: &CarerInput,
    action: String,
    cancel: String,
    title: &str,
) -> Result<FormPage> {
    let service = match input.household_id.as_deref().and_then(|h| h.parse::<Id>().ok()) {
        Some(h) => state.store.household(scope, h).await.ok().map(|h| h.service_id),
        None => None,
    };
    let households = choices::households(state, scope, service).await?;
    Ok(FormPage::new(title, "carers", action, cancel).fields(vec![
        Field::select("household_id", "Household", &input.household_id, households),
        Field::text("name", "Full name", &input.name, caps::NAME),
        Field::choice::<CarerRole>("role", "Role in the household", &input.role),
        Field::date("approved_from", "Approved from", &input.approved_from),
        Field::date("approved_to", "Approval ended on", &input.approved_to).optional(),
        Field::choice::<LeavingReason>(
            "approval_end_reason",
            "Why approval ended",
            &input.approval_end_reason,
        )
        .optional(),
    ]))
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    // A household to add to must be one the person can see; its page is where Cancel goes.
    let household = match params.id("household_id")? {
        Some(id) => Some(state.store.household(&caller.scope, id).await?.id),
        None => None,
    };
    let input = CarerInput { household_id: household.map(|h| h.to_string()), ..Default::default() };
    let cancel = household.map(|h| format!("/households/{h}")).unwrap_or_else(|| "/carers".into());
    Ok(form(&state, &caller.scope, &input, "/carers".into(), cancel, "Add a carer")
        .await?
        .respond())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<CarerInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result =
        parse_then(
            CarerDraft::parse(&input),
            |d| async move { store.create_carer(&scope, &d).await },
        )
        .await;
    let page =
        form(&state, &caller.scope, &input, "/carers".into(), "/carers".into(), "Add a carer")
            .await?;
    saved_or_form(result, |c| format!("/carers/{}", c.id), || page)
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let c = state.store.carer(&caller.scope, id).await?;
    let mut page = DetailPage::new(&c.name, "carers", "Carer");
    page.row("Household", &c.household_name);
    page.row("Role", c.role);
    page.row("Approved from", c.approved_from);
    page.row("Approval ended", or_dash(c.approved_to));
    page.row("Why approval ended", or_dash(c.approval_end_reason));
    page.actions = vec![
        Link::new(format!("/carers/{id}/edit"), "Change"),
        Link::new(format!("/households/{}", c.household_id), "Household"),
    ];
    if c.approved_to.is_none() {
        page.actions.push(Link::new(format!("/carers/{id}/end"), "End approval"));
    }
    page.read_only_unless(caller.scope.may(domain::Power::KeepRecords(c.service_id)));
    Ok(render(&page))
}

fn input_of(c: &Carer) -> CarerInput {
    CarerInput {
        household_id: Some(c.household_id.to_string()),
        name: Some(c.name.clone()),
        role: Some(c.role.as_str().into()),
        approved_from: Some(c.approved_from.to_string()),
        approved_to: c.approved_to.map(|d| d.to_string()),
        approval_end_reason: c.approval_end_reason.map(|r| r.as_str().into()),
    }
}

async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let c = state.store.carer(&caller.scope, id).await?;
    let page = form(
        &state,
        &caller.scope,
        &input_of(&c),
        format!("/carers/{id}/edit"),
        format!("/carers/{id}"),
        "Change the carer",
    )
    .await?;
    Ok(page.respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<CarerInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(CarerDraft::parse(&input), |d| async move {
        store.update_carer(&scope, id, &d).await
    })
    .await;
    let page = form(
        &state,
        &caller.scope,
        &input,
        format!("/carers/{id}/edit"),
        format!("/carers/{id}"),
        "Change the carer",
    )
    .await?;
    saved_or_form(result, |c| format!("/carers/{}", c.id), || page)
}

async fn end_page(state: &AppState, scope: &Scope, id: Id, input: &EndInput) -> Result<FormPage> {
    let c = state.store.carer(scope, id).await?;
    let mut page = FormPage::new(
        format!("End {}'s approval", c.name),
        "carers",
        format!("/carers/{id}/end"),
        format!("/carers/{id}"),
    )
    .fields(vec![
        Field::date("on", "Last day of approval", &input.on),
        Field::choice::<LeavingReason>("reason", "Why approval ended", &input.reason),
    ]);
    page.intro = Some("The carer's record is kept; it is no longer shown as approved.".into());
    page.submit = "End approval";
    Ok(page)
}

async fn end_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    Ok(end_page(&state, &caller.scope, id, &EndInput::default()).await?.respond())
}

async fn end(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<EndInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let result = state.store.end_approval(&caller.scope, id, &input).await.map_err(AppError::from);
    let page = end_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |c| format!("/carers/{}", c.id), || page)
}
