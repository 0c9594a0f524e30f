use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::registry::{EndInput, Placement, PlacementDraft, PlacementInput};
use domain::{Id, Scope, ssda903};

use super::{choices, parse_then, saved_or_form};
use crate::caller::Caller;
use crate::extract::{FormInput, path_id};
use crate::views::{Field, FormPage};
use crate::{AppError, AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/placements/new", get(new).post(create))
        .route("/placements/{id}/edit", get(edit).post(update))
        .route("/placements/{id}/end", get(end_form).post(end))
}

fn codes(list: &'static [ssda903::Code], except_temporary: bool) -> Vec<(String, String)> {
    list.iter()
        .filter(|c| !(except_temporary && c.code.starts_with('T')))
        .map(|c| (c.code.to_string(), format!("{} – {}", c.code, c.meaning)))
        .collect()
}

fn yes_no() -> Vec<(String, String)> {
    vec![
        ("yes".into(), "Yes, it was planned".into()),
        ("no".into(), "No, it was not planned".into()),
    ]
}

/// Which placement form: adding one for a child, or correcting one.
enum Form {
    New,
    Correct(Id),
}

async fn placement_page(
    state: &AppState,
    scope: &Scope,
    child: Id,
    form: Form,
    input: &PlacementInput,
) -> Result<FormPage> {
    let k = state.store.child(scope, child).await?;
    let households = choices::households(state, scope, Some(k.service_id)).await?;
    let (title, action) = match form {
        Form::New => {
            (format!("Add a placement for {}", k.name), format!("/children/{child}/placements/new"))
        }
        Form::Correct(id) => {
            (format!("Correct a placement of {}", k.name), format!("/placements/{id}/edit"))
        }
    };
    let mut page =
        FormPage::new(title, "children", action, format!("/children/{child}")).fields(vec![
            Field::hidden("child_id", &Some(child.to_string())),
            Field::select("household_id", "Household", &input.household_id, households),
            Field::select(
                "place_code",
                "Placement type (SSDA903 PLACE)",
                &input.place_code,
                codes(ssda903::PLACE, true),
            ),
            Field::date("from_on", "From", &input.from_on),
            Field::date("to_on", "To", &input.to_on).optional(),
            Field::select(
                "reason_code",
                "Reason the placement ended (SSDA903)",
                &input.reason_code,
                codes(ssda903::REASON_PLACE_CHANGE, false),
            )
            .optional(),
            Field::select(
                "planned_ending",
                "Was the ending planned?",
                &input.planned_ending,
                yes_no(),
            )
            .called("Whether the ending was planned")
            .optional(),
        ]);
    page.intro = Some("A sleepover is never a placement: record it as a sleepover.".into());
    Ok(page)
}

async fn new(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let child = path_id(&id)?;
    let k = state.store.child(&caller.scope, child).await?;
    let input = PlacementInput {
        household_id: k.household_id.map(|h| h.to_string()),
        ..Default::default()
    };
    Ok(placement_page(&state, &caller.scope, child, Form::New, &input).await?.respond())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(mut input): FormInput<PlacementInput>,
) -> Result<Response> {
    let child = path_id(&id)?;
    input.child_id = Some(child.to_string());
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(PlacementDraft::parse(&input), |d| async move {
        store.create_placement(&scope, &d).await
    })
    .await;
    let page = placement_page(&state, &caller.scope, child, Form::New, &input).await?;
    saved_or_form(result, |p| format!("/children/{}", p.child_id), || page)
}

fn input_of(p: &Placement) -> PlacementInput {
    PlacementInput {
        child_id: Some(p.child_id.to_string()),
        household_id: Some(p.household_id.to_string()),
        from_on: Some(p.from_on.to_string()),
        to_on: p.to_on.map(|d| d.to_string()),
        place_code: Some(p.place_code.clone()),
        reason_code: p.reason_code.clone(),
        planned_ending: p.planned_ending.map(|b| if b { "yes" } else { "no" }.into()),
    }
}

async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let p = state.store.placement(&caller.scope, id).await?;
    let input = input_of(&p);
    let page = placement_page(&state, &caller.scope, p.child_id, Form::Correct(id), &input).await?;
    Ok(page.respond())
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    FormInput(mut input): FormInput<PlacementInput>,
) -> Result<Response> {
    let id = path_id(&id)?;
    let child = state.store.placement(&caller.scope, id).await?.child_id;
    input.child_id = Some(child.to_string());
    let store = state.store.clone();
    let scope = caller.scope.clone();
    let result = parse_then(PlacementDraft::parse(&input), |d| async move {
        store.update_placement(&scope, id, &d).await
    })
    .await;
    let page = placement_page(&state, &caller.scope, child, Form::Correct(id), &input).await?;
    saved_or_form(result, |p| format!("/children/{}", p.child_id), || page)
}

async fn end_page(state: &AppState, scope: &Scope, id: Id, input: &EndInput) -> Result<FormPage> {
    let p = state.store.placement(scope, id).await?;
    let mut page = FormPage::new(
        format!("End the placement with {}", p.household_name),
        "children",
        format!("/placements/{id}/end"),
        format!("/children/{}", p.child_id),
    )
    .fields(vec![
        Field::date("on", "Last day of the placement", &input.on),
        Field::select(
            "reason",
            "Reason (SSDA903 REASON_PLACE_CHANGE)",
            &input.reason,
            codes(ssda903::REASON_PLACE_CHANGE, false),
        ),
        Field::select("planned", "Was the ending planned?", &input.planned, yes_no())
            .called("Whether the ending was planned"),
    ]);
    page.submit = "End placement";
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
    let result = state.store.end_placement(&caller.scope, id, &input).await.map_err(AppError::from);
    let page = end_page(&state, &caller.scope, id, &input).await?;
    saved_or_form(result, |p| format!("/children/{}", p.child_id), || page)
}
