//! Joining, moving between and leaving constellations: each keeps the household's history.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::{
    EndInput, Membership, MembershipDraft, MembershipInput, MoveDraft, MoveInput,
};
use domain::{Choice, Id, MembershipEnding, MembershipRole, Scope};

use super::{choices, parse_then, saved_or_form};
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams, path_id};
use crate::views::{Field, FormPage};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/memberships", axum::routing::post(create))
        .route("/memberships/new", get(new))
        .route("/memberships/{id}/edit", get(edit).post(update))
        .route("/memberships/{id}/end", get(end_form).post(end))
        .route("/households/{id}/move", get(move_form).post(move_household))
}

/// Adding a household to a constellation, from the constellation's page.
async fn add_form(state: &AppState, scope: &Scope, input: &MembershipInput) -> Result<FormPage> {
    let constellation: Id =
        input.constellation_id.as_deref().and_then(|c| c.parse().ok()).ok_or(AppError::NotFound)?;
    let c = state.store.constellation(scope, constellation).await?;
    let households = choices::households(state, scope, Some(c.service_id)).await?;
    let mut page = FormPage::new(
        format!("Add a household to {}", c.name),
        "constellations",
        "/memberships".into(),
        format!("/constellations/{}", c.id),
    )
    .fields(vec![
        Field::hidden("constellation_id", &input.constellation_id),
        Field::select("household_id", "Household", &input.household_id, households),
        Field::choice::<MembershipRole>("role", "Role in the constellation", &input.role),
        Field::date("from_on", "From", &input.from_on),
    ]);
    page.caption = Some("Constellation".into());
    Ok(page)
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let input = MembershipInput {
        constellation_id: params.constellation_id.clone(),
        household_id: params.household_id.clone(),
        role: Some("satellite".into()),
        ..Default::default()
    };
    Ok(add_form(&state, &caller.scope, &input).await?.respond())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<MembershipInput>,
) -> Result<Response> {
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(MembershipDraft::parse(&input), |d| async move {
        store.create_membership(&scope, &d).await
    })
    .await;
    let page = add_form(&state, &caller.scope, &input).await?;
    saved_or_form(result, |m| format!("/constellations/{}", m.constellation_id), || page)
}

/// Correcting a membership that was recorded wrongly; a real move uses the move form.
async fn edit_page(
    state: &AppState,
    scope: &Scope,
    id: Id,
    input: &MembershipInput,
) -> Result<FormPage> {
    let m = state.store.membership(scope, id).await?;
    let h = state.store.household(scope, m.household_id).await?;
    let constellations = choices::constellations(state, scope, Some(h.service_id)).await?;
    let mut page = FormPage::new(
        format!("Correct {}'s membership of {}", m.household_name, m.constellation_name),
        "households",
        format!("/memberships/{id}/edit"),
        format!("/households/{}", m.household_id),
    )
    .fields(vec![
        Field::hidden("household_id", &Some(m.household_id.to_string())),
        Field::select("constellation_id", "Constellation", &input.constellation_id, constellations),
        Field::choice::<MembershipRole>("role", "Role in the constellation", &input.role),
        Field::date("from_on", "From", &input.from_on),
        Field::date("to_on", "To", &input.to_on).optional(),
        Field::choice::<MembershipEnding>("end_reason", "Why it ended", &input.end_reason)
            .optional(),
    ]);
    page.intro = Some(
        "Use this to put right a mistake. If the household has moved, move it instead, so its history shows both constellations."
            .into(),
    );
    page.submit = "Save correction";
    Ok(page)
}

fn input_of(m: &Membership) -> MembershipInput {
    MembershipInput {
        household_id: Some(m.household_id.to_string()),
        constellation_id: Some(m.constellation_id.to_string()),
        role: Some(m.role.as_str().into()),
        from_on: Some(m.from_on.to_string()),
        to_on: m.to_on.map(|d| d.to_string()),
        end_reason: m.end_reason.map(|r| r.as_str().into()),
    }
}

async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let input = input_of(&state.store.membership(&caller.scope, id).await?);
    Ok(edit_page(&state, &caller.scope, id, &input).await?.respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<MembershipInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(MembershipDraft::parse(&input), |d| async move {
        store.update_membership(&scope, id, &d).await
    })
    .await;
    let page = edit_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |m| format!("/households/{}", m.household_id), || page)
}

async fn end_page(state: &AppState, scope: &Scope, id: Id, input: &EndInput) -> Result<FormPage> {
    let m = state.store.membership(scope, id).await?;
    let mut page = FormPage::new(
        format!("End {}'s membership of {}", m.household_name, m.constellation_name),
        "households",
        format!("/memberships/{id}/end"),
        format!("/households/{}", m.household_id),
    )
    .fields(vec![
        Field::date("on", "Last day in the constellation", &input.on),
        Field::choice::<MembershipEnding>("reason", "Why it ended", &input.reason),
    ]);
    page.intro = Some("The membership is kept in the household's history.".into());
    page.submit = "End membership";
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
    let result =
        state.store.end_membership(&caller.scope, id, &input).await.map_err(AppError::from);
    let page = end_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |m| format!("/households/{}", m.household_id), || page)
}

async fn move_page(state: &AppState, scope: &Scope, id: Id, input: &MoveInput) -> Result<FormPage> {
    let h = state.store.household(scope, id).await?;
    let constellations = choices::constellations(state, scope, Some(h.service_id)).await?;
    let title = match &h.constellation_name {
        Some(name) => format!("Move {} from {name}", h.display_name),
        None => format!("Add {} to a constellation", h.display_name),
    };
    let mut page = FormPage::new(
        title,
        "households",
        format!("/households/{id}/move"),
        format!("/households/{id}"),
    )
    .fields(vec![
        Field::select("constellation_id", "Constellation", &input.constellation_id, constellations),
        Field::choice::<MembershipRole>("role", "Role in the constellation", &input.role),
        Field::date("on", "First day in the constellation", &input.on),
    ]);
    if h.constellation_id.is_some() {
        page.intro = Some(
            "The current membership ends the day before, and stays in the household's history."
                .into(),
        );
    }
    page.submit = "Move household";
    Ok(page)
}

async fn move_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let input = MoveInput { role: Some("satellite".into()), ..Default::default() };
    Ok(move_page(&state, &caller.scope, id, &input).await?.respond())
}

async fn move_household(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(input): FormInput<MoveInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(MoveDraft::parse(&input), |d| async move {
        store.move_household(&scope, id, &d).await
    })
    .await;
    let page = move_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |m| format!("/households/{}", m.household_id), || page)
}
