//! A figure's trend for England, a region or a service: its value month by month over the
//! twelve months to the end of a period, from the returns sent, withheld where the roll-up
//! withholds.

use serde::Serialize;

use super::{Counts, Period, Section, Sent, figures, roll_up};
use crate::{Id, Month};

/// One month of a trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub month: Month,
    /// None when no return was sent for the month, when withheld, or when the figure does not
    /// add up across services.
    pub value: Option<i64>,
    /// A count of 1 to 4 from services outside the caller's own, withheld.
    pub fewer_than_five: bool,
    /// How many returns were sent for the month.
    pub returns: i64,
}

/// A figure's value for England, a region or a service, month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trend {
    pub key: String,
    pub label: String,
    pub section: Section,
    /// Whose figures: England, the region's name or the service's.
    pub of: String,
    pub points: Vec<Point>,
}

/// Whose trend: England's, a region's or a service's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    England,
    Region(String),
    Service(Id),
}

/// The twelve months ending with the period's last.
pub fn trend_months(period: Period) -> Vec<Month> {
    let last = *period.months().last().expect("a period has months");
    let mut months = vec![last];
    while months.len() < 12 {
        let before = months[0].previous();
        months.insert(0, before);
    }
    months
}

/// Every figure a return can have, in its order: its key, label and section.
pub fn every_figure(sent: &[Sent]) -> Vec<(String, String, Section)> {
    let any = Month::parse("2000-01").expect("a month");
    let mut all: Vec<(String, String, Section)> = figures(&Counts::default(), Id::new(), any)
        .into_iter()
        .map(|f| (f.key, f.label, f.section))
        .collect();
    for f in sent.iter().flat_map(|s| &s.figures) {
        if !all.iter().any(|(k, ..)| *k == f.key) {
            all.push((f.key.clone(), f.label.clone(), f.section));
        }
    }
    all
}

/// The trend of the figure `key` for `whose` over the twelve months to the end of `period`;
/// none when no return has such a figure, or when the region or service sent no return in
/// those months.
pub fn trend(
    sent: &[Sent],
    period: Period,
    key: &str,
    whose: &Whose,
    own: &dyn Fn(Id) -> bool,
) -> Option<Trend> {
    let (key, label, section) = every_figure(sent).into_iter().find(|(k, ..)| k == key)?;
    let mut of = None;
    let points = trend_months(period)
        .into_iter()
        .map(|month| {
            let r = roll_up(sent, Period::Month(month), own);
            let column = match whose {
                Whose::England => Some(r.national),
                Whose::Region(name) => r.regions.into_iter().find(|c| c.name == *name),
                Whose::Service(id) => r.services.into_iter().find(|c| c.service_id == Some(*id)),
            };
            let Some(column) = column else {
                return Point { month, value: None, fewer_than_five: false, returns: 0 };
            };
            of = Some(column.name.clone());
            let line = column.lines.iter().find(|l| l.key == key);
            Point {
                month,
                value: line.and_then(|l| l.value).filter(|_| column.returns > 0),
                fewer_than_five: line.is_some_and(|l| l.fewer_than_five),
                returns: column.returns,
            }
        })
        .collect();
    Some(Trend { key, label, section, of: of?, points })
}
