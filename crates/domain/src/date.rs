use std::fmt;

use jiff::civil;
use serde::{Deserialize, Serialize};

/// A calendar day in the United Kingdom, written `YYYY-MM-DD` in storage and the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Date(civil::Date);

impl Default for Date {
    fn default() -> Self {
        Date(civil::date(2000, 1, 1))
    }
}

impl Date {
    /// Reads `YYYY-MM-DD` (as HTML date inputs send) or `DD/MM/YYYY` (as SSDA903 files write).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let parsed = if let Some((d, rest)) = text.split_once('/') {
            let (m, y) = rest.split_once('/').ok_or_else(bad_date)?;
            let (y, m, d) = (num(y)?, num(m)?, num(d)?);
            civil::Date::new(y as i16, m as i8, d as i8).map_err(|_| bad_date())?
        } else {
            text.parse::<civil::Date>().map_err(|_| bad_date())?
        };
        if !(1900..=2200).contains(&parsed.year()) {
            return Err("must be a year between 1900 and 2200".into());
        }
        Ok(Date(parsed))
    }

    pub fn from_ymd(year: i16, month: i8, day: i8) -> Option<Self> {
        civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Today in Europe/London.
    pub fn today() -> Self {
        Date(jiff::Zoned::now().with_time_zone(london()).date())
    }

    /// The day in the United Kingdom at an instant.
    pub fn of(at: jiff::Timestamp) -> Self {
        Date(at.to_zoned(london()).date())
    }

    /// The earliest day the model knows: before anyone it records was born.
    pub fn earliest() -> Self {
        Date(civil::date(1900, 1, 1))
    }

    /// The instant this day starts in the United Kingdom, as stored: RFC 3339 in UTC.
    pub fn start_instant(self) -> String {
        let start = self.0.to_zoned(london()).map(|z| z.timestamp());
        instant(start.unwrap_or(jiff::Timestamp::UNIX_EPOCH))
    }

    pub fn add_days(self, days: i32) -> Self {
        Date(self.0.checked_add(jiff::Span::new().days(days)).unwrap_or(self.0))
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    pub fn month(self) -> Month {
        Month { year: self.0.year(), month: self.0.month() }
    }

    /// The year, month (1 to 12) and day of the month.
    pub fn ymd(self) -> (i16, i8, i8) {
        (self.0.year(), self.0.month(), self.0.day())
    }

    /// The day written as SSDA903 files write it: `DD/MM/YYYY`.
    pub fn ssda903(self) -> String {
        self.0.strftime("%d/%m/%Y").to_string()
    }

    /// The day as iCalendar writes an all-day date: `YYYYMMDD`.
    pub fn basic(self) -> String {
        self.0.strftime("%Y%m%d").to_string()
    }

    /// The day as a person reads it: "Thu 3 December 2026".
    pub fn long(self) -> String {
        self.0.strftime("%a %-d %B %Y").to_string()
    }

    /// The day within a month already named: "Thu 3".
    pub fn day_of_month(self) -> String {
        self.0.strftime("%a %-d").to_string()
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.0.since(self.0).map(|span| span.get_days()).unwrap_or(0)
    }
}

/// The United Kingdom's time zone, which every wall-clock time in the product is read in.
pub fn london() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC)
}

/// An instant as stored: RFC 3339 in UTC to the second, so stored instants sort as text.
pub fn instant(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A stored instant as a person in the United Kingdom reads it: "Mon 23 Nov 2026, 19:30".
pub fn wall_clock(at: jiff::Timestamp) -> String {
    at.to_zoned(london()).strftime("%a %-d %b %Y, %H:%M").to_string()
}

/// A stored instant as a `datetime-local` box shows it: UK time, `2026-11-23T19:30`.
pub fn local_minute(at: jiff::Timestamp) -> String {
    at.to_zoned(london()).strftime("%Y-%m-%dT%H:%M").to_string()
}

fn bad_date() -> String {
    "must be a real date, like 2026-03-31".into()
}

fn num(text: &str) -> Result<i32, String> {
    text.trim().parse::<i32>().map_err(|_| bad_date())
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A calendar month, `YYYY-MM`: the period of a monthly return, and the precision of a birth date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i16,
    month: i8,
}

impl Month {
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || "must be a month written like 2026-10".to_string();
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let (year, month) =
            (y.parse::<i16>().map_err(|_| bad())?, m.parse::<i8>().map_err(|_| bad())?);
        if y.len() != 4 || !(1..=12).contains(&month) || !(1900..=2200).contains(&year) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    pub fn first_day(self) -> Date {
        Date(civil::date(self.year, self.month, 1))
    }

    pub fn last_day(self) -> Date {
        Date(self.first_day().0.last_of_month())
    }

    /// Every day of the month, in order.
    pub fn days(self) -> impl Iterator<Item = Date> {
        let first = self.first_day();
        (0..=first.days_until(self.last_day())).map(move |n| first.add_days(n))
    }

    pub fn next(self) -> Month {
        self.last_day().add_days(1).month()
    }

    pub fn previous(self) -> Month {
        self.first_day().add_days(-1).month()
    }

    /// The instants the month starts and the next one starts, in UK time, as stored.
    pub fn instants(self) -> (String, String) {
        (self.first_day().start_instant(), self.next().first_day().start_instant())
    }

    /// The month's name and year, as a person reads it: "December 2026".
    pub fn label(self) -> String {
        self.first_day().0.strftime("%B %Y").to_string()
    }
}

/// Written `YYYY-MM`, as everywhere else.
impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A span of days from `from` to `to`, both included; an open range has no end yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Date,
    pub to: Option<Date>,
}

impl DateRange {
    /// Refuses an end earlier than the start.
    pub fn new(from: Date, to: Option<Date>) -> Result<Self, String> {
        match to {
            Some(to) if to < from => {
                Err(format!("must not be earlier than the start date ({from})"))
            }
            _ => Ok(DateRange { from, to }),
        }
    }

    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }

    /// Whether the two ranges share at least one day.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        let self_ends_before = self.to.is_some_and(|to| to < other.from);
        let other_ends_before = other.to.is_some_and(|to| to < self.from);
        !(self_ends_before || other_ends_before)
    }

    pub fn is_open(&self) -> bool {
        self.to.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn a_date_reads_both_iso_and_ssda903_layouts() {
        assert_eq!(d("2026-03-31"), d("31/03/2026"));
        assert!(Date::parse("2026-02-30").is_err());
        assert!(Date::parse("yesterday").is_err());
        assert!(Date::parse("0001-01-01").is_err());
    }

    #[test]
    fn a_range_may_not_end_before_it_starts() {
        assert!(DateRange::new(d("2026-03-02"), Some(d("2026-03-01"))).is_err());
        assert!(DateRange::new(d("2026-03-02"), Some(d("2026-03-02"))).is_ok());
        assert!(DateRange::new(d("2026-03-02"), None).is_ok());
    }

    #[test]
    fn ranges_overlap_when_they_share_a_day_and_open_ranges_run_for_ever() {
        let jan = DateRange::new(d("2026-01-01"), Some(d("2026-01-31"))).unwrap();
        let feb = DateRange::new(d("2026-02-01"), Some(d("2026-02-28"))).unwrap();
        let from_31st = DateRange::new(d("2026-01-31"), None).unwrap();
        assert!(!jan.overlaps(&feb));
        assert!(jan.overlaps(&from_31st));
        assert!(feb.overlaps(&from_31st));
        assert!(from_31st.contains(d("2040-01-01")));
    }

    #[test]
    fn a_uk_month_runs_between_local_midnights() {
        // British Summer Time starts on 29 March 2026 and ends on 25 October.
        let (from, to) = Month::parse("2026-10").unwrap().instants();
        assert_eq!((from.as_str(), to.as_str()), ("2026-09-30T23:00:00Z", "2026-11-01T00:00:00Z"));
        let at: jiff::Timestamp = "2026-07-01T08:05:09.5Z".parse().unwrap();
        assert_eq!(instant(at), "2026-07-01T08:05:09Z");
        assert_eq!(wall_clock(at), "Wed 1 Jul 2026, 09:05");
        assert_eq!(local_minute(at), "2026-07-01T09:05");
    }

    #[test]
    fn months_are_written_year_first() {
        assert_eq!(Month::parse("2026-10").unwrap().to_string(), "2026-10");
        assert!(Month::parse("2026-13").is_err());
        assert!(Month::parse("10-2026").is_err());
        assert_eq!(d("2026-10-17").month().first_day(), d("2026-10-01"));
    }
}
