//! Impact and cost: the costs avoided in a financial year, each step of the working shown with
//! its sources; and the unit costs and programme costs behind them, which the programme lead
//! sets and whose history is kept.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use domain::impact::{
    CostBook, CostKind, Outcome, ProgrammeCostInput, UnitCost, UnitCostInput, pounds, year_key,
};
use domain::returns::{Period, written};
use domain::{Choice, Date, Power, wall_clock};

use super::{parse_then, saved_or_form};
use crate::api::impact::year_of;
use crate::caller::Caller;
use crate::extract::{FormInput, ListParams};
use crate::views::{Cell, DetailPage, Field, FormPage, Link, Section, Table, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/impact", get(impact))
        .route("/costs", get(costs))
        .route("/costs/unit-costs", get(unit_cost_page).post(set_unit_cost))
        .route("/costs/programme-costs", get(programme_cost_page).post(set_programme_cost))
}

fn money(pence: Option<i64>) -> String {
    pence.map(pounds).unwrap_or_else(|| "–".into())
}

/// The costs avoided; where a part is withheld, the part that can be shown, as a floor.
fn avoided(o: &Outcome) -> String {
    match o.avoided {
        Some(a) => pounds(a),
        None => format!(
            "At least {}: a part counting fewer than 5 is not shown",
            pounds(o.avoided_at_least)
        ),
    }
}

fn per_pound(o: &Outcome) -> String {
    match (o.per_pound, o.per_pound_at_least) {
        (Some(r), _) => format!("£{r:.2}"),
        (None, Some(r)) if o.avoided.is_none() => format!("At least £{r:.2}"),
        _ => "–".into(),
    }
}

async fn impact(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let year = year_of(&params)?;
    let r = state.store.impact(&caller.scope, year).await?;
    let n = &r.national;
    let mut page =
        DetailPage::new(format!("Impact and cost: {}", r.label), "services", "Impact and cost");
    page.notice = Some(if n.returns == 0 {
        format!("No return has been submitted for {} yet, so nothing is counted.", r.label)
    } else {
        format!(
            "Worked out from the {} submitted for {}: each thing prevented, times what one costs, against what the constellations cost the programme. Counts of 1 to 4 from services other than your own are not shown, nor any total that would show them.",
            domain::plural(n.returns, "monthly return", "monthly returns"),
            r.label
        )
    });
    page.row("Costs avoided", avoided(n));
    page.row("What the programme cost", money(n.spent));
    page.row("Avoided for each £1 spent", per_pound(n));
    let mut working = Table::new(&["What was prevented", "How many", "Working", "Avoided"], "");
    for s in &n.steps {
        let count = written(s.count, s.fewer_than_five, "–");
        working.row(vec![
            Cell::text(&s.label),
            Cell::text(count),
            Cell::text(&s.working),
            Cell::text(money(s.avoided)),
        ]);
    }
    working.row(vec![
        Cell::text("What the programme cost"),
        Cell::text(
            n.constellation_months.map_or("–".into(), |m| format!("{m} constellation-months")),
        ),
        Cell::text(&n.spent_working),
        Cell::text(money(n.spent)),
    ]);
    let mut sources = Table::new(&["Unit cost", "Amount", "Source", "Year"], "");
    for c in &r.unit_costs {
        sources.row(unit_cost_row(c));
    }
    let mut services = Table::new(
        &["Service", "Returns", "Costs avoided", "Programme cost", "For each £1"],
        "No service has sent a return for the year.",
    );
    for o in &r.services {
        services.row(vec![
            Cell::text(&o.name),
            Cell::text(o.returns),
            Cell::text(avoided(o)),
            Cell::text(money(o.spent)),
            Cell::text(per_pound(o)),
        ]);
    }
    page.sections = vec![
        Section { title: "England: the working".into(), table: working, actions: vec![] },
        Section { title: "The unit costs used".into(), table: sources, actions: vec![] },
        Section { title: "By service".into(), table: services, actions: vec![] },
    ];
    let this = Period::financial_year_start(Date::today());
    page.actions = vec![Link::new("/costs", "Unit costs and programme costs")];
    for y in [this, this - 1, this - 2] {
        if y != year {
            page.actions.push(Link::new(
                format!("/impact?period={}", year_key(y)),
                Period::Year(y).label(),
            ));
        }
    }
    page.actions
        .push(Link::new(format!("/rollup?period={}", year_key(year)), "The national roll-up"));
    Ok(render(&page))
}

fn unit_cost_row(c: &UnitCost) -> Vec<Cell> {
    vec![
        Cell::text(c.kind.label()),
        Cell::text(c.kind.written(c.amount)),
        Cell::text(&c.source),
        Cell::text(c.year),
    ]
}

fn set(by: &Option<String>, at: Option<jiff::Timestamp>) -> String {
    match (by, at) {
        (Some(by), Some(at)) => format!("{by}, {}", wall_clock(at)),
        _ => "Published figure".into(),
    }
}

async fn costs(State(state): State<AppState>, caller: Caller) -> Result<Response> {
    let book = state.store.costs(&caller.scope).await?;
    Ok(render(&costs_page(&book, caller.scope.may(Power::SetCosts))))
}

fn costs_page(book: &CostBook, may_set: bool) -> DetailPage {
    let mut page = DetailPage::new("Unit costs and programme costs", "services", "Impact and cost");
    page.notice = Some(
        "Until the programme lead sets its own, each unit cost is a published figure, shown with its source. Every change is kept.".into(),
    );
    let mut in_force = Table::new(&["Unit cost", "Amount", "Source", "Year", "Set by"], "");
    for c in &book.unit_costs {
        let mut row = unit_cost_row(c);
        row.push(Cell::text(set(&c.set_by, c.set_at)));
        in_force.row(row);
    }
    let mut history = Table::new(
        &["Unit cost", "Amount", "Source", "Year", "Set by"],
        "No unit cost has been set: the published figures are used.",
    );
    for c in &book.unit_cost_history {
        let mut row = unit_cost_row(c);
        row.push(Cell::text(set(&c.set_by, c.set_at)));
        history.row(row);
    }
    let mut programme = Table::new(
        &["Year", "Hub fees", "Liaison", "Licence", "A constellation", "Note", "Set by"],
        "No programme costs are recorded yet, so no return per £1 can be worked out.",
    );
    for p in &book.programme_costs {
        programme.row(vec![
            Cell::text(&p.year),
            Cell::text(pounds(p.hub_fees)),
            Cell::text(pounds(p.liaison)),
            Cell::text(pounds(p.licence)),
            Cell::text(pounds(p.per_constellation())),
            Cell::text(p.note.as_deref().unwrap_or("–")),
            Cell::text(format!("{}, {}", p.set_by, wall_clock(p.set_at))),
        ]);
    }
    let lead = |href: &str, text: &str| if may_set { vec![Link::new(href, text)] } else { vec![] };
    page.sections = vec![
        Section {
            title: "Unit costs in force".into(),
            table: in_force,
            actions: lead("/costs/unit-costs", "Set a unit cost"),
        },
        Section {
            title: "Every unit cost set, newest first".into(),
            table: history,
            actions: vec![],
        },
        Section {
            title: "What the programme costs per constellation, newest first".into(),
            table: programme,
            actions: lead("/costs/programme-costs", "Record the programme's costs for a year"),
        },
    ];
    page.actions = vec![Link::new("/impact", "Impact and cost")];
    page
}

fn unit_cost_form(input: &UnitCostInput) -> FormPage {
    let mut form = FormPage::new("Set a unit cost", "services", "/costs/unit-costs".into(), "/costs".into())
        .fields(vec![
            Field::choice::<CostKind>("kind", "What it prices", &input.kind),
            Field::text("amount", "Amount", &input.amount, 20)
                .hint("In pounds, such as 1,040; for the weeks a residential placement lasts, a whole number of weeks"),
            Field::text("source", "Source", &input.source, domain::registry::caps::SHORT)
                .hint("Who published it, and what it covers"),
            Field::number("year", "Year of the figure", &input.year).hint("For example, 2021"),
        ]);
    form.intro =
        Some("The new figure is used from now on, for every year. The earlier one is kept.".into());
    form
}

/// The forms are the programme lead's; anyone else is told there is no such page.
fn lead_only(caller: &Caller) -> Result<()> {
    if caller.scope.may(Power::SetCosts) { Ok(()) } else { Err(crate::AppError::NotFound) }
}

async fn unit_cost_page(caller: Caller) -> Result<Response> {
    lead_only(&caller)?;
    Ok(unit_cost_form(&UnitCostInput::default()).respond())
}

async fn set_unit_cost(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<UnitCostInput>,
) -> Result<Response> {
    let result = parse_then(input.parse(Date::today()), |d| async move {
        state.store.set_unit_cost(&caller.scope, &d).await
    })
    .await;
    saved_or_form(result, |_| "/costs".into(), || unit_cost_form(&input))
}

fn programme_cost_form(input: &ProgrammeCostInput) -> FormPage {
    let mut form = FormPage::new(
        "Record the programme's costs for a year",
        "services",
        "/costs/programme-costs".into(),
        "/costs".into(),
    )
    .fields(vec![
        Field::text("year", "Financial year", &input.year, 7)
            .hint("April to March, such as 2025-26"),
        Field::text("hub_fees", "Hub fees", &input.hub_fees, 20)
            .hint("In pounds, for one constellation for the year"),
        Field::text("liaison", "Liaison worker's time", &input.liaison, 20)
            .hint("In pounds, for one constellation for the year"),
        Field::text("licence", "Licence", &input.licence, 20)
            .hint("In pounds, for one constellation for the year; 0 if none"),
        Field::text("note", "Note", &input.note, domain::registry::caps::SHORT)
            .optional()
            .hint("Where the figures come from, or what they include"),
    ]);
    form.intro = Some(
        "Recording a year again replaces its figures from now on. The earlier entry is kept."
            .into(),
    );
    form
}

async fn programme_cost_page(caller: Caller) -> Result<Response> {
    lead_only(&caller)?;
    let year = Some(year_key(Period::financial_year_start(Date::today())));
    Ok(programme_cost_form(&ProgrammeCostInput { year, ..Default::default() }).respond())
}

async fn set_programme_cost(
    State(state): State<AppState>,
    caller: Caller,
    FormInput(input): FormInput<ProgrammeCostInput>,
) -> Result<Response> {
    let result = parse_then(input.parse(Date::today()), |d| async move {
        state.store.set_programme_cost(&caller.scope, &d).await
    })
    .await;
    saved_or_form(result, |_| "/costs".into(), || programme_cost_form(&input))
}
