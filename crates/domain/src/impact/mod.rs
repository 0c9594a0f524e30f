//! Impact and cost (DESIGN §5.7): the costs avoided by what the constellations prevented,
//! against what the programme costs, for a financial year, for each service and the country.
//! Each result shows its working: the count, times the unit cost, with the cost's source.

mod costs;

use std::collections::BTreeMap;

use serde::Serialize;

pub use costs::{
    CostKind, ProgrammeCost, ProgrammeCostDraft, ProgrammeCostInput, UnitCost, UnitCostDraft,
    UnitCostInput, in_force, pounds, published,
};

use crate::returns::{Period, Sent};
use crate::{Choice, Id};

/// A financial year written `2025-26`: the calendar year it starts in.
pub fn financial_year(text: &str) -> Result<i16, String> {
    match Period::parse(text) {
        Ok(Period::Year(y)) => Ok(y),
        _ => Err("must be a financial year, such as 2025-26".into()),
    }
}

/// The financial year starting in April of `year`, as `2025-26`.
pub fn year_key(year: i16) -> String {
    Period::Year(year).key()
}

/// The costs the programme has set: those in force, and every one set, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostBook {
    /// For each kind, the latest set, else the published figure.
    pub unit_costs: Vec<UnitCost>,
    /// Every unit cost set, newest first.
    pub unit_cost_history: Vec<UnitCost>,
    /// What the programme costs per constellation, every entry, newest first: the newest for a
    /// year is the one in force.
    pub programme_costs: Vec<ProgrammeCost>,
}

impl CostBook {
    pub fn new(unit_cost_history: Vec<UnitCost>, programme_costs: Vec<ProgrammeCost>) -> Self {
        CostBook { unit_costs: in_force(&unit_cost_history), unit_cost_history, programme_costs }
    }

    /// What the programme costs per constellation in the financial year `year`, if recorded.
    pub fn programme_cost(&self, year: i16) -> Option<&ProgrammeCost> {
        let key = year_key(year);
        self.programme_costs.iter().filter(|p| p.year == key).max_by_key(|p| p.set_at)
    }
}

/// One line of the working: what was prevented, how many, and what that avoided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    /// The figure of the monthly return it counts, such as `breakdowns_prevented`.
    pub key: String,
    pub label: String,
    /// None when withheld: a count of 1 to 4 outside the caller's own service.
    pub count: Option<i64>,
    pub fewer_than_five: bool,
    /// In pence; none when withheld.
    pub avoided: Option<i64>,
    /// The sum written out: `12 × £1,040 = £12,480`.
    pub working: String,
    /// The sources of the unit costs it uses.
    pub sources: Vec<String>,
}

/// The results for the country or one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub name: String,
    pub service_id: Option<Id>,
    /// How many monthly returns it is built on.
    pub returns: i64,
    pub steps: Vec<Step>,
    /// In pence; none when a step is withheld.
    pub avoided: Option<i64>,
    /// The steps shown, added up: all of `avoided`, or the part of it that can be shown.
    pub avoided_at_least: i64,
    /// The constellations of each month's return, added up; none when withheld.
    pub constellation_months: Option<i64>,
    /// In pence; none when the programme's costs for the year are not recorded, or when
    /// withheld.
    pub spent: Option<i64>,
    pub spent_working: String,
    /// Pounds avoided for each pound spent, to two decimal places.
    pub per_pound: Option<f64>,
    /// `avoided_at_least` for each pound spent.
    pub per_pound_at_least: Option<f64>,
    /// Some part is withheld, as it would show a count of 1 to 4.
    pub withheld: bool,
}

/// Impact and cost for a financial year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Impact {
    /// `2025-26`.
    pub year: String,
    pub label: String,
    /// The unit costs used.
    pub unit_costs: Vec<UnitCost>,
    /// What the programme costs per constellation in the year, if recorded.
    pub programme_cost: Option<ProgrammeCost>,
    pub national: Outcome,
    pub services: Vec<Outcome>,
}

/// Works out the costs avoided and the return on each pound for `year` from the returns sent.
/// `own` says which services the caller belongs to: only theirs show counts of 1 to 4.
pub fn impact(
    sent: &[Sent],
    year: i16,
    unit_costs: Vec<UnitCost>,
    programme_cost: Option<ProgrammeCost>,
    own: &dyn Fn(Id) -> bool,
) -> Impact {
    let period = Period::Year(year);
    let months = period.months();
    let sent: Vec<&Sent> = sent.iter().filter(|s| months.contains(&s.month)).collect();
    let mut services: BTreeMap<(&str, Id), Vec<&Sent>> = BTreeMap::new();
    for s in &sent {
        services.entry((s.service_name.as_str(), s.service_id)).or_default().push(s);
    }
    let costs = Costs { unit: &unit_costs, programme: programme_cost.as_ref() };
    Impact {
        year: period.key(),
        label: period.label(),
        national: outcome("England", None, &sent, &costs, own),
        services: services
            .iter()
            .map(|((name, id), group)| outcome(name, Some(*id), group, &costs, own))
            .collect(),
        unit_costs: unit_costs.clone(),
        programme_cost: programme_cost.clone(),
    }
}

struct Costs<'a> {
    unit: &'a [UnitCost],
    programme: Option<&'a ProgrammeCost>,
}

impl Costs<'_> {
    /// The unit cost of `kind` in force: the one given, else the published figure.
    fn of(&self, kind: CostKind) -> UnitCost {
        let given = self.unit.iter().find(|c| c.kind == kind).cloned();
        let published = || published().into_iter().find(|c| c.kind == kind);
        given.or_else(published).unwrap_or_else(|| UnitCost {
            kind,
            amount: 0,
            source: "none".into(),
            year: 0,
            set_by: None,
            set_at: None,
        })
    }
}

fn value(s: &Sent, key: &str) -> Option<i64> {
    s.figures.iter().find(|f| f.key == key)?.value
}

fn total(group: &[&Sent], key: &str) -> i64 {
    group.iter().filter_map(|s| value(s, key)).sum()
}

/// Whether some month's constellations, added up over the group, number 1 to 4.
fn few_constellations(group: &[&Sent]) -> bool {
    let mut by_month = BTreeMap::new();
    for s in group {
        *by_month.entry(s.month).or_insert(0) += value(s, "constellations").unwrap_or(0);
    }
    by_month.values().any(|n| (1..5).contains(n))
}

fn cited(c: &UnitCost) -> String {
    format!("{}: {} ({}, {})", c.kind.label(), c.kind.written(c.amount), c.source, c.year)
}

fn outcome(
    name: &str,
    service: Option<Id>,
    group: &[&Sent],
    costs: &Costs<'_>,
    own: &dyn Fn(Id) -> bool,
) -> Outcome {
    let exact = group.iter().all(|s| own(s.service_id));
    let (home, foster, weeks) = (
        costs.of(CostKind::ChildrenHomeWeek),
        costs.of(CostKind::FosterCareWeek),
        costs.of(CostKind::ResidentialWeeks),
    );
    let mut steps = Vec::new();
    for (key, label, kind) in [
        ("breakdowns_prevented", "Placement breakdowns prevented", CostKind::Breakdown),
        ("resignations_avoided", "Carer resignations avoided", CostKind::Resignation),
    ] {
        let cost = costs.of(kind);
        let count = total(group, key);
        let avoided = count * cost.amount;
        steps.push(step(
            key,
            label,
            count,
            exact,
            avoided,
            format!("{count} × {} = {}", pounds(cost.amount), pounds(avoided)),
            vec![cited(&cost)],
        ));
    }
    let count = total(group, "residential_avoided");
    let weekly = home.amount - foster.amount;
    let avoided = count * weeks.amount * weekly;
    steps.push(step(
        "residential_avoided",
        "Residential placements avoided",
        count,
        exact,
        avoided,
        format!(
            "{count} × {} × ({} − {}) = {}",
            weeks.kind.written(weeks.amount),
            pounds(home.amount),
            pounds(foster.amount),
            pounds(avoided)
        ),
        vec![cited(&weeks), cited(&home), cited(&foster)],
    ));
    let withheld_steps = steps.iter().any(|s| s.fewer_than_five);
    let constellation_months = total(group, "constellations");
    let withheld_spend = few_constellations(group) && !exact;
    let spent = costs.programme.map(|p| (constellation_months * p.per_constellation() + 6) / 12);
    let spent_working = match costs.programme {
        None => "The programme's costs for this year are not recorded.".into(),
        Some(_) if withheld_spend => "Not shown: it would show fewer than 5 constellations.".into(),
        Some(p) => format!(
            "{constellation_months} constellation-months ÷ 12 × {} a constellation a year (hub fees {}, liaison {}, licence {}) = {}",
            pounds(p.per_constellation()),
            pounds(p.hub_fees),
            pounds(p.liaison),
            pounds(p.licence),
            pounds(spent.unwrap_or_default()),
        ),
    };
    let at_least: i64 = steps.iter().filter_map(|s| s.avoided).sum();
    let avoided = (!withheld_steps).then_some(at_least);
    let spent = if withheld_spend { None } else { spent };
    let ratio = |a: Option<i64>| match (a, spent) {
        (Some(a), Some(s)) if s > 0 => Some((a as f64 / s as f64 * 100.0).round() / 100.0),
        _ => None,
    };
    Outcome {
        name: name.to_string(),
        service_id: service,
        returns: group.len() as i64,
        steps,
        avoided,
        avoided_at_least: at_least,
        constellation_months: (!withheld_spend).then_some(constellation_months),
        spent,
        spent_working,
        per_pound: ratio(avoided),
        per_pound_at_least: ratio(Some(at_least)),
        withheld: withheld_steps || withheld_spend,
    }
}

fn step(
    key: &str,
    label: &str,
    count: i64,
    exact: bool,
    avoided: i64,
    working: String,
    sources: Vec<String>,
) -> Step {
    let small = (1..5).contains(&count) && !exact;
    Step {
        key: key.into(),
        label: label.into(),
        count: (!small).then_some(count),
        fewer_than_five: small,
        avoided: (!small).then_some(avoided),
        working: if small { "Not shown: fewer than 5.".into() } else { working },
        sources,
    }
}

#[cfg(test)]
mod tests;
