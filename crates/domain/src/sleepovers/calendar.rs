//! A host's nights: beds kept, beds taken by confirmed sleepovers, and nights it is away.

use serde::Serialize;

use crate::{Date, Id, Month};

/// One night at a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Night {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub night: Date,
    pub beds: i64,
    pub taken: i64,
    /// The host has marked the night unavailable.
    pub unavailable: bool,
    pub free: i64,
}

impl Night {
    pub fn new(night: Date, beds: i64, taken: i64, unavailable: bool) -> Self {
        let free = if unavailable { 0 } else { (beds - taken).max(0) };
        Night { night, beds, taken, unavailable, free }
    }
}

/// Nights a host marked unavailable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unavailable {
    pub id: Id,
    pub household_id: Id,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to_on: Date,
    /// Shown to the host and the service's staff only.
    pub reason: Option<String>,
}

/// A host's month: its nights, the periods it is away, and the sleepovers the reader may see.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostCalendar {
    pub household_id: Id,
    pub household_name: String,
    /// `YYYY-MM`.
    pub month: String,
    pub beds: i64,
    pub nights: Vec<Night>,
    pub unavailable: Vec<Unavailable>,
    pub sleepovers: Vec<super::Sleepover>,
    /// Whether the reader hosts here: answers its requests and marks its nights.
    #[serde(skip)]
    pub may_host: bool,
}

/// Every night of `month`, from the nights the store holds (`night`, taken, unavailable); a
/// night it does not hold has every bed free.
pub fn month_nights(month: Month, beds: i64, held: &[(Date, i64, bool)]) -> Vec<Night> {
    month
        .days()
        .map(|day| match held.iter().find(|(night, _, _)| *night == day) {
            Some(&(_, taken, unavailable)) => Night::new(day, beds, taken, unavailable),
            None => Night::new(day, beds, 0, false),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unavailable_night_has_no_free_bed_and_taken_beds_are_subtracted() {
        let month = Month::parse("2026-02").unwrap();
        let d = |n| month.first_day().add_days(n);
        let nights = month_nights(month, 2, &[(d(0), 1, false), (d(1), 0, true), (d(2), 2, false)]);
        assert_eq!(nights.len(), 28);
        let free: Vec<i64> = nights.iter().take(4).map(|n| n.free).collect();
        assert_eq!(free, [1, 0, 0, 2]);
    }
}
