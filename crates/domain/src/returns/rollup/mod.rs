//! The national roll-up (DESIGN §5.6): the submitted returns added up over a month, a quarter or
//! a financial year (April to March), for the country, each region and each service. Outside
//! the service a count belongs to, a count of 1 to 4 is shown as "fewer than 5".

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Figure, Section};
use crate::support::Quarter;
use crate::{Date, Id, Month};

/// The months a roll-up adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month(Month),
    Quarter(Quarter),
    /// The financial year starting in April of this year.
    Year(i16),
}

impl Period {
    /// `2026-10`, `2026-Q4`, or a financial year `2025-26`.
    pub fn parse(text: &str) -> Result<Period, String> {
        let text = text.trim();
        if text.contains("-Q") {
            return Quarter::parse(text).map(Period::Quarter);
        }
        // `2025-26` is a financial year: the second part is the year after the first's.
        if let Some((start, end)) = text.split_once('-')
            && end.len() == 2
            && let (Ok(start), Ok(end)) = (start.parse::<i16>(), end.parse::<i16>())
            && (start + 1) % 100 == end
            && (1900..=2200).contains(&start)
        {
            return Ok(Period::Year(start));
        }
        Month::parse(text).map(Period::Month).map_err(|_| {
            "must be a month (2026-10), a quarter (2026-Q4) or a financial year (2025-26)".into()
        })
    }

    /// The financial year containing `day`.
    pub fn financial_year_of(day: Date) -> Period {
        Period::Year(Self::financial_year_start(day))
    }

    /// The calendar year in whose April the financial year containing `day` starts.
    pub fn financial_year_start(day: Date) -> i16 {
        let (_, month, _) = day.ymd();
        if month >= 4 { day.year() } else { day.year() - 1 }
    }

    pub fn months(self) -> Vec<Month> {
        let start = |year: i16, month: i8| Date::from_ymd(year, month, 1).map(Date::month);
        let (first, count) = match self {
            Period::Month(m) => (Some(m), 1),
            Period::Quarter(q) => (start(q.year, (q.number - 1) * 3 + 1), 3),
            Period::Year(y) => (start(y, 4), 12),
        };
        let Some(first) = first else { return Vec::new() };
        let mut months = vec![first];
        while months.len() < count {
            let next = months[months.len() - 1].next();
            months.push(next);
        }
        months
    }

    /// As written in an address: `2026-10`, `2026-Q4`, `2025-26`.
    pub fn key(self) -> String {
        match self {
            Period::Month(m) => m.to_string(),
            Period::Quarter(q) => q.key(),
            Period::Year(y) => format!("{y}-{:02}", (y + 1) % 100),
        }
    }

    pub fn label(self) -> String {
        match self {
            Period::Month(m) => m.label(),
            Period::Quarter(q) => q.label(),
            Period::Year(y) => format!("April {y} to March {}", y + 1),
        }
    }
}

/// How a figure adds up over months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Adds {
    /// Things done in each month: they add up.
    Sum,
    /// What stands on a month's last day (homes, people): the last month's.
    Last,
    /// The carers approved at a month's start, and those of them still approved at its end:
    /// the services' add up for one month, but not over months (a carer kept through October
    /// and through November is counted twice), so a longer period does not show them.
    OneMonth,
    /// A median: it does not add up over months or services, so only a month's view of one
    /// service shows it.
    No,
}

fn adds(key: &str) -> Adds {
    let standing = [
        "constellations",
        "hub_homes",
        "satellite_homes",
        "adults",
        "children",
        "sons_and_daughters",
    ];
    if standing.contains(&key) || key.starts_with("children_") {
        Adds::Last
    } else if key.starts_with("approved_at_start_") || key.starts_with("still_approved_") {
        Adds::OneMonth
    } else if key == "emergency_answer_minutes" {
        Adds::No
    } else {
        Adds::Sum
    }
}

/// A service's submitted return for a month (its latest version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub service_id: Id,
    pub service_name: String,
    pub region: String,
    pub month: Month,
    pub figures: Vec<Figure>,
}

/// One figure of a roll-up column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    pub key: String,
    pub label: String,
    pub section: Section,
    /// None when withheld (see `fewer_than_five`) or when it does not add up over the period.
    pub value: Option<i64>,
    /// A count of 1 to 4 from services outside the caller's own, withheld.
    pub fewer_than_five: bool,
}

impl Line {
    /// As a person reads it.
    pub fn shown(&self) -> String {
        self.written("–")
    }

    /// The value as text: "fewer than 5" when withheld, `nothing` when there is none.
    pub(super) fn written(&self, nothing: &str) -> String {
        written(self.value, self.fewer_than_five, nothing)
    }
}

/// A count as text: "fewer than 5" when withheld, `nothing` when there is none.
pub fn written(value: Option<i64>, fewer_than_five: bool, nothing: &str) -> String {
    match (value, fewer_than_five) {
        (_, true) => "fewer than 5".into(),
        (Some(v), false) => v.to_string(),
        (None, false) => nothing.into(),
    }
}

/// The census figures the programme publishes, for one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Census {
    pub homes: Option<i64>,
    pub adults: Option<i64>,
    pub children: Option<i64>,
    /// Satellite homes per constellation, to one decimal place.
    pub satellites_per_constellation: Option<f64>,
    pub mainstream_percent: Option<f64>,
    pub sons_and_daughters_percent: Option<f64>,
}

/// The country, a region or a service, added up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Column {
    pub name: String,
    pub service_id: Option<Id>,
    /// How many monthly returns were added up.
    pub returns: i64,
    pub lines: Vec<Line>,
    pub census: Census,
}

/// The roll-up of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rollup {
    pub period: String,
    pub label: String,
    /// The period's first and last days.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    pub national: Column,
    pub regions: Vec<Column>,
    pub services: Vec<Column>,
}

/// Adds up the returns sent for `period`. `own` says which services the caller belongs to:
/// only their counts are shown exactly when 1 to 4.
pub fn roll_up(sent: &[Sent], period: Period, own: &dyn Fn(Id) -> bool) -> Rollup {
    let months = period.months();
    let sent: Vec<&Sent> = sent.iter().filter(|s| months.contains(&s.month)).collect();
    let table = Aligned::new(&sent, months.len() == 1);
    let mut regions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut services: BTreeMap<(&str, Id), Vec<usize>> = BTreeMap::new();
    for (i, s) in sent.iter().enumerate() {
        regions.entry(s.region.as_str()).or_default().push(i);
        services.entry((s.service_name.as_str(), s.service_id)).or_default().push(i);
    }
    let everyone: Vec<usize> = (0..sent.len()).collect();
    Rollup {
        period: period.key(),
        label: period.label(),
        from: months.first().map_or_else(Date::earliest, |m| m.first_day()),
        to: months.last().map_or_else(Date::earliest, |m| m.last_day()),
        national: table.column("England", None, &everyone, own),
        regions: regions.iter().map(|(name, group)| table.column(name, None, group, own)).collect(),
        services: services
            .iter()
            .map(|((name, id), group)| table.column(name, Some(*id), group, own))
            .collect(),
    }
}

/// The returns' figures lined up by key: every key any return has, in the order of the return
/// with the most, and for each return its value under each (none where it has no such figure).
/// A column then adds up by place rather than looking each figure up by name.
struct Aligned<'a> {
    sent: Vec<&'a Sent>,
    figures: Vec<&'a Figure>,
    values: Vec<Vec<Option<Option<i64>>>>,
    /// Whether the period is one month.
    one_month: bool,
}

impl<'a> Aligned<'a> {
    fn new(sent: &[&'a Sent], one_month: bool) -> Self {
        let mut order: Vec<&&Sent> = sent.iter().collect();
        order.sort_by_key(|s| std::cmp::Reverse(s.figures.len()));
        let mut figures: Vec<&Figure> = Vec::new();
        let mut place: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for f in order.iter().flat_map(|s| &s.figures) {
            place.entry(f.key.as_str()).or_insert_with(|| {
                figures.push(f);
                figures.len() - 1
            });
        }
        let values = sent
            .iter()
            .map(|s| {
                let mut row = vec![None; figures.len()];
                for f in &s.figures {
                    row[place[f.key.as_str()]] = Some(f.value);
                }
                row
            })
            .collect();
        Aligned { sent: sent.to_vec(), figures, values, one_month }
    }

    /// The column adding up the returns at `group` (places in `sent`).
    fn column(
        &self,
        name: &str,
        service: Option<Id>,
        group: &[usize],
        own: &dyn Fn(Id) -> bool,
    ) -> Column {
        let exact = group.iter().all(|i| own(self.sent[*i].service_id));
        let mut latest: BTreeMap<Id, Month> = BTreeMap::new();
        for i in group {
            let s = self.sent[*i];
            let at = latest.entry(s.service_id).or_insert(s.month);
            *at = (*at).max(s.month);
        }
        let last: Vec<usize> = group
            .iter()
            .copied()
            .filter(|i| latest.get(&self.sent[*i].service_id) == Some(&self.sent[*i].month))
            .collect();
        let mut lines: Vec<Line> = Vec::new();
        for (k, figure) in self.figures.iter().enumerate() {
            let values = |rows: &[usize]| -> Vec<Option<i64>> {
                rows.iter().filter_map(|i| self.values[*i][k]).collect()
            };
            let present = values(group);
            if present.is_empty() {
                continue;
            }
            let value = match adds(&figure.key) {
                Adds::Sum => Some(present.iter().flatten().sum()),
                Adds::Last => Some(values(&last).iter().flatten().sum()),
                Adds::OneMonth if self.one_month => Some(present.iter().flatten().sum()),
                Adds::OneMonth => None,
                Adds::No if self.one_month && group.len() == 1 => present[0],
                Adds::No => None,
            };
            let small = value.is_some_and(|v| (1..5).contains(&v)) && !exact;
            lines.push(Line {
                key: figure.key.clone(),
                label: figure.label.clone(),
                section: figure.section,
                value: if small { None } else { value },
                fewer_than_five: small,
            });
        }
        let census = census(&lines);
        Column {
            name: name.to_string(),
            service_id: service,
            returns: group.len() as i64,
            lines,
            census,
        }
    }
}

fn census(lines: &[Line]) -> Census {
    let get = |key: &str| lines.iter().find(|l| l.key == key).and_then(|l| l.value);
    let homes = match (get("hub_homes"), get("satellite_homes")) {
        (Some(h), Some(s)) => Some(h + s),
        _ => None,
    };
    let share = |part: Option<i64>, whole: Option<i64>| match (part, whole) {
        (Some(p), Some(w)) if w >= 5 => Some((p as f64 * 1000.0 / w as f64).round() / 10.0),
        _ => None,
    };
    let per = match (get("satellite_homes"), get("constellations")) {
        (Some(s), Some(c)) if c > 0 => Some((s as f64 * 10.0 / c as f64).round() / 10.0),
        _ => None,
    };
    Census {
        homes,
        adults: get("adults"),
        children: get("children"),
        satellites_per_constellation: per,
        mainstream_percent: share(get("children_mainstream_foster"), get("children")),
        sons_and_daughters_percent: share(get("sons_and_daughters"), get("children")),
    }
}

#[cfg(test)]
mod tests;
