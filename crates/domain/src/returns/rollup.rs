//! The national roll-up (DESIGN §5.6): the submitted returns added up over a month, a quarter or
//! a financial year (April to March), for the country, each region and each service. Outside
//! the service a count belongs to, a count of 1 to 4 is shown as "fewer than 5".

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Figure, Section};
use crate::support::Quarter;
use crate::{Choice, Date, Id, Month};

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
        let month: i8 = day.month().to_string()[5..7].parse().unwrap_or(1);
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
    /// A median, and the carers kept from the start of a month to its end: they do not add up
    /// over months or services, so only one service's one month shows them.
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
    } else if key == "emergency_answer_minutes"
        || key.starts_with("approved_at_start_")
        || key.starts_with("still_approved_")
    {
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
        match (self.value, self.fewer_than_five) {
            (_, true) => "fewer than 5".into(),
            (Some(v), false) => v.to_string(),
            (None, false) => "–".into(),
        }
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
    pub national: Column,
    pub regions: Vec<Column>,
    pub services: Vec<Column>,
}

impl Rollup {
    /// Every column's figures as CSV, one a line: period, level (`england`, `region`,
    /// `service`), name, section, key, figure, value; a withheld count reads `fewer than 5`.
    pub fn csv(&self) -> String {
        let mut text =
            crate::csv::line(&["period", "level", "name", "section", "key", "figure", "value"]);
        let levels = std::iter::once(("england", &self.national))
            .chain(self.regions.iter().map(|c| ("region", c)))
            .chain(self.services.iter().map(|c| ("service", c)));
        for (level, column) in levels {
            for l in &column.lines {
                let value = match (l.value, l.fewer_than_five) {
                    (_, true) => "fewer than 5".to_string(),
                    (Some(v), false) => v.to_string(),
                    (None, false) => String::new(),
                };
                text.push_str(&crate::csv::line(&[
                    self.period.as_str(),
                    level,
                    &column.name,
                    l.section.label(),
                    &l.key,
                    &l.label,
                    &value,
                ]));
            }
        }
        text
    }
}

/// Adds up the returns sent for `period`. `own` says which services the caller belongs to:
/// only their counts are shown exactly when 1 to 4.
pub fn roll_up(sent: &[Sent], period: Period, own: &dyn Fn(Id) -> bool) -> Rollup {
    let months = period.months();
    let sent: Vec<&Sent> = sent.iter().filter(|s| months.contains(&s.month)).collect();
    let mut regions: BTreeMap<&str, Vec<&Sent>> = BTreeMap::new();
    let mut services: BTreeMap<(&str, Id), Vec<&Sent>> = BTreeMap::new();
    for s in &sent {
        regions.entry(s.region.as_str()).or_default().push(s);
        services.entry((s.service_name.as_str(), s.service_id)).or_default().push(s);
    }
    Rollup {
        period: period.key(),
        label: period.label(),
        national: column("England", None, &sent, own),
        regions: regions.iter().map(|(name, group)| column(name, None, group, own)).collect(),
        services: services
            .iter()
            .map(|((name, id), group)| column(name, Some(*id), group, own))
            .collect(),
    }
}

fn column(name: &str, service: Option<Id>, group: &[&Sent], own: &dyn Fn(Id) -> bool) -> Column {
    let exact = group.iter().all(|s| own(s.service_id));
    let mut lines: Vec<Line> = Vec::new();
    let template =
        group.iter().max_by_key(|s| s.figures.len()).map(|s| s.figures.clone()).unwrap_or_default();
    let mut latest: BTreeMap<Id, Month> = BTreeMap::new();
    for s in group {
        let at = latest.entry(s.service_id).or_insert(s.month);
        *at = (*at).max(s.month);
    }
    let one = group.len() == 1;
    for figure in &template {
        let values = group.iter().filter_map(|s| {
            let f = s.figures.iter().find(|f| f.key == figure.key)?;
            Some((s, f.value))
        });
        let value = match adds(&figure.key) {
            Adds::Sum => Some(values.filter_map(|(_, v)| v).sum()),
            Adds::Last => Some(
                values
                    .filter(|(s, _)| latest.get(&s.service_id) == Some(&s.month))
                    .filter_map(|(_, v)| v)
                    .sum(),
            ),
            Adds::No if one => values.map(|(_, v)| v).next().flatten(),
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
mod tests {
    use super::*;
    use crate::returns::{Counts, figures};

    fn sent(name: &str, region: &str, month: &str, counts: &Counts) -> Sent {
        let service_id = Id::new();
        let month = Month::parse(month).unwrap();
        Sent {
            service_id,
            service_name: name.into(),
            region: region.into(),
            month,
            figures: figures(counts, service_id, month),
        }
    }

    fn value(c: &Column, key: &str) -> (Option<i64>, bool) {
        let line = c.lines.iter().find(|l| l.key == key).unwrap();
        (line.value, line.fewer_than_five)
    }

    #[test]
    fn periods_are_months_quarters_and_financial_years() {
        let year = Period::parse("2025-26").unwrap();
        assert_eq!(year.months().len(), 12);
        assert_eq!(year.months()[0].to_string(), "2025-04");
        assert_eq!(year.months()[11].to_string(), "2026-03");
        assert_eq!(year.label(), "April 2025 to March 2026");
        assert_eq!(Period::parse("2026-Q4").unwrap().months()[2].to_string(), "2026-12");
        assert_eq!(Period::parse("2026-10").unwrap().key(), "2026-10");
        assert!(Period::parse("2025-27").is_err());
        assert!(Period::parse("soon").is_err());
        let day = Date::parse("2026-02-10").unwrap();
        assert_eq!(Period::financial_year_of(day), Period::Year(2025));
    }

    #[test]
    fn things_done_add_up_what_stands_is_the_last_months_and_small_counts_are_withheld() {
        let october = Counts { contacts: 30, constellations: 2, adults: 3, ..Counts::default() };
        let november = Counts { contacts: 12, constellations: 3, adults: 4, ..Counts::default() };
        let north = sent("Northfield", "North West", "2026-10", &october);
        let mut later = sent("Northfield", "North West", "2026-11", &november);
        later.service_id = north.service_id;
        let south = sent(
            "Southmoor",
            "South East",
            "2026-11",
            &Counts { contacts: 2, ..Counts::default() },
        );
        let all = [north.clone(), later, south.clone()];
        let quarter = Period::parse("2026-Q4").unwrap();

        // The programme's view: no service of its own.
        let r = roll_up(&all, quarter, &|_| false);
        assert_eq!(value(&r.national, "contacts"), (Some(44), false));
        assert_eq!(value(&r.national, "constellations"), (None, true), "3 is fewer than 5");
        assert_eq!(r.national.returns, 3);
        assert_eq!(r.regions.len(), 2);
        let south_col = r.services.iter().find(|c| c.name == "Southmoor").unwrap();
        assert_eq!(value(south_col, "contacts"), (None, true));
        assert_eq!(value(south_col, "planned_sleepovers"), (Some(0), false), "zero is shown");
        assert_eq!(value(&r.national, "emergency_answer_minutes"), (None, false));

        // Northfield's own manager sees its small counts, not Southmoor's.
        let theirs = north.service_id;
        let r = roll_up(&all, quarter, &|s| s == theirs);
        let north_col = r.services.iter().find(|c| c.name == "Northfield").unwrap();
        assert_eq!(value(north_col, "adults"), (Some(4), false), "November's, not 3 + 4");
        assert_eq!(value(north_col, "contacts"), (Some(42), false));
        let line = r.national.lines.iter().find(|l| l.key == "constellations").unwrap();
        assert_eq!(line.shown(), "fewer than 5");
    }

    #[test]
    fn census_figures_are_shares_of_the_children() {
        let counts = Counts {
            constellations: 2,
            hub_homes: 2,
            satellite_homes: 15,
            children: vec![
                (crate::Arrangement::MainstreamFoster, 12),
                (crate::Arrangement::BirthChild, 5),
                (crate::Arrangement::Kinship, 3),
            ],
            ..Counts::default()
        };
        let r = roll_up(
            &[sent("Northfield", "North West", "2026-10", &counts)],
            Period::parse("2026-10").unwrap(),
            &|_| true,
        );
        let c = &r.national.census;
        assert_eq!(c.homes, Some(17));
        assert_eq!(c.children, Some(20));
        assert_eq!(c.satellites_per_constellation, Some(7.5));
        assert_eq!(c.mainstream_percent, Some(60.0));
        assert_eq!(c.sons_and_daughters_percent, Some(25.0));
    }
}
