//! What the programme configures to cost its results: unit costs, each with its source and
//! year, and what the programme costs per constellation in a financial year. A change is a new
//! entry: earlier ones are kept.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::check::loose;
use crate::registry::caps;
use crate::{Check, Date, Error, choice};

choice!(
    /// What a unit cost prices.
    CostKind {
        Breakdown => "breakdown", "A placement breakdown prevented";
        Resignation => "resignation", "A carer's resignation avoided";
        ChildrenHomeWeek => "children_home_week", "A week in a children's home";
        FosterCareWeek => "foster_care_week", "A week in foster care";
        ResidentialWeeks => "residential_weeks", "Weeks in a children's home each residential placement avoided saves";
    }
);

impl CostKind {
    /// Whether its amount is a number of weeks rather than money.
    pub fn in_weeks(self) -> bool {
        self == CostKind::ResidentialWeeks
    }

    /// Its amount as a person reads it: `£1,040` or `12 weeks`.
    pub fn written(self, amount: i64) -> String {
        if self.in_weeks() {
            match amount {
                1 => "1 week".into(),
                n => format!("{n} weeks"),
            }
        } else {
            pounds(amount)
        }
    }
}

/// A unit cost: what one of something is taken to cost, and where that figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCost {
    pub kind: CostKind,
    /// In pence; in weeks for `residential_weeks`.
    pub amount: i64,
    /// Where the figure comes from.
    pub source: String,
    /// The year the figure is from.
    pub year: i16,
    /// Who set it; none for the published figures Constellate starts from.
    pub set_by: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub set_at: Option<Timestamp>,
}

/// The published figures to start from (DESIGN §5.7), until the programme sets its own.
pub fn published() -> Vec<UnitCost> {
    let cost = |kind, amount, source: &str, year| UnitCost {
        kind,
        amount,
        source: source.to_string(),
        year,
        set_by: None,
        set_at: None,
    };
    vec![
        cost(
            CostKind::Breakdown,
            104_000,
            "The Mockingbird programme's own reporting: about £1,040 avoided per breakdown prevented (the Keep evaluation put a placement disruption at £805 to £1,700)",
            2021,
        ),
        cost(
            CostKind::Resignation,
            1_640_000,
            "The Mockingbird programme's own reporting: about £16,400 avoided per carer retained (the Keep evaluation put recruiting and approving a new carer at about £2,200)",
            2021,
        ),
        cost(
            CostKind::ChildrenHomeWeek,
            300_000,
            "DfE: a local-authority children's home, about £3,000 per resident week",
            2016,
        ),
        cost(
            CostKind::FosterCareWeek,
            64_600,
            "PSSRU Unit Costs of Health and Social Care 2017: foster care, about £646 per child per week",
            2017,
        ),
        cost(
            CostKind::ResidentialWeeks,
            12,
            "Constellate's starting assumption, not a published figure: replace it with the service's own evidence of how long such placements last",
            2026,
        ),
    ]
}

/// The unit costs in force: the latest set of each kind, else the published figure.
pub fn in_force(set: &[UnitCost]) -> Vec<UnitCost> {
    published()
        .into_iter()
        .map(|start| {
            set.iter()
                .filter(|c| c.kind == start.kind)
                .max_by_key(|c| c.set_at)
                .cloned()
                .unwrap_or(start)
        })
        .collect()
}

/// Money as a person reads it: `£1,040`, or `£1,040.50` when there are pence.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "−" } else { "" };
    let whole = (pence.abs() / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match pence.abs() % 100 {
        0 => format!("{sign}£{grouped}"),
        p => format!("{sign}£{grouped}.{p:02}"),
    }
}

/// The most any one amount of money may be: £100 million.
const MOST_PENCE: i64 = 10_000_000_000;

impl Check {
    /// An amount of money in pounds, as `1040`, `1,040`, `£1,040.50`: in pence.
    pub fn money(&mut self, field: &str, raw: &Option<String>) -> i64 {
        let text = raw.as_deref().map(str::trim).unwrap_or_default();
        if text.is_empty() {
            self.push(field, "is required: an amount in pounds, such as 1,040");
            return 0;
        }
        let plain: String = text.trim_start_matches('£').chars().filter(|c| *c != ',').collect();
        let (pounds, pence) = plain.split_once('.').unwrap_or((&plain, "0"));
        let pence = if pence.len() == 1 { format!("{pence}0") } else { pence.to_string() };
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        match (digits(pounds) && pounds.len() <= 12, digits(&pence) && pence.len() == 2) {
            (true, true) => {
                let amount = pounds.parse::<i64>().unwrap_or(i64::MAX / 1000) * 100
                    + pence.parse::<i64>().unwrap_or(0);
                if amount > MOST_PENCE {
                    self.push(field, format!("must be at most {}", self::pounds(MOST_PENCE)));
                }
                amount
            }
            _ => {
                self.push(field, "must be in pounds, such as 1,040 or 646.50");
                0
            }
        }
    }
}

/// A unit cost as sent by a form or the API.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCostInput {
    /// `breakdown`, `resignation`, `children_home_week`, `foster_care_week` or
    /// `residential_weeks`.
    #[serde(default, deserialize_with = "loose")]
    pub kind: Option<String>,
    /// In pounds (`1,040` or `646.50`); in whole weeks for `residential_weeks`.
    #[serde(default, deserialize_with = "loose")]
    pub amount: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub source: Option<String>,
    /// The year the figure is from.
    #[serde(default, deserialize_with = "loose")]
    pub year: Option<String>,
}

/// A unit cost read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCostDraft {
    pub kind: CostKind,
    pub amount: i64,
    pub source: String,
    pub year: i16,
}

impl UnitCostInput {
    pub fn parse(&self, today: Date) -> Result<UnitCostDraft, Error> {
        let mut check = Check::new();
        let kind: CostKind = check.choice("kind", &self.kind);
        let amount = if kind.in_weeks() {
            check.int("amount", &self.amount, 1, 520, None)
        } else {
            check.money("amount", &self.amount)
        };
        if amount == 0 && !check.has_error("amount") {
            check.push("amount", "must be more than nothing");
        }
        let source = check.text("source", &self.source, caps::SHORT);
        let year = check.int("year", &self.year, 1990, i64::from(today.year()), None) as i16;
        check.finish()?;
        Ok(UnitCostDraft { kind, amount, source, year })
    }
}

/// What the programme costs per constellation over a financial year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeCost {
    /// The financial year, as `2025-26`.
    pub year: String,
    /// In pence, per constellation for the year.
    pub hub_fees: i64,
    pub liaison: i64,
    pub licence: i64,
    pub note: Option<String>,
    pub set_by: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub set_at: Timestamp,
}

impl ProgrammeCost {
    /// The three together: what one constellation costs for the year.
    pub fn per_constellation(&self) -> i64 {
        self.hub_fees + self.liaison + self.licence
    }
}

/// What the programme costs per constellation, as sent by a form or the API.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeCostInput {
    /// The financial year, as `2025-26`.
    #[serde(default, deserialize_with = "loose")]
    pub year: Option<String>,
    /// Each in pounds, per constellation for the year.
    #[serde(default, deserialize_with = "loose")]
    pub hub_fees: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub liaison: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub licence: Option<String>,
    /// Where the figures come from, or what they include.
    #[serde(default, deserialize_with = "loose")]
    pub note: Option<String>,
}

/// What the programme costs per constellation, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeCostDraft {
    /// The calendar year the financial year starts in.
    pub year: i16,
    pub hub_fees: i64,
    pub liaison: i64,
    pub licence: i64,
    pub note: Option<String>,
}

impl ProgrammeCostInput {
    pub fn parse(&self, today: Date) -> Result<ProgrammeCostDraft, Error> {
        let mut check = Check::new();
        let this_year = super::super::returns::Period::financial_year_start(today);
        let year = match self.year.as_deref().map(super::financial_year) {
            Some(Ok(y)) if (2010..=this_year + 1).contains(&y) => y,
            Some(Ok(_)) => {
                check.push(
                    "year",
                    format!(
                        "must be a financial year from 2010-11 to {}",
                        super::year_key(this_year + 1)
                    ),
                );
                this_year
            }
            Some(Err(message)) => {
                check.push("year", message);
                this_year
            }
            None => {
                check.push("year", "is required: a financial year, such as 2025-26");
                this_year
            }
        };
        let hub_fees = check.money("hub_fees", &self.hub_fees);
        let liaison = check.money("liaison", &self.liaison);
        let licence = check.money("licence", &self.licence);
        if hub_fees + liaison + licence == 0 && !check.has_error("hub_fees") {
            check
                .push("hub_fees", "and the others are all nothing: say what a constellation costs");
        }
        let note = check.opt_text("note", &self.note, caps::SHORT);
        check.finish()?;
        Ok(ProgrammeCostDraft { year, hub_fees, liaison, licence, note })
    }
}
