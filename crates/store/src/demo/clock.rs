//! Days, times and ids for the demo, all derived from the spec so they repeat exactly.

use domain::Date;
use uuid::Uuid;

use super::DemoSpec;
use super::rng::Rng;

/// Days are counted from the first day of history (day 0); `days` is the last day (`until`).
pub(crate) struct Clock {
    pub days: i32,
    /// Dates written out, from `EARLIEST` days before day 0 to a year after `until`.
    dates: Vec<String>,
    epoch_day: i64,
}

/// How far before the first day of history a date may fall (births, approvals).
const EARLIEST: i32 = 30 * 366;

impl Clock {
    pub fn new(spec: &DemoSpec) -> Self {
        let days = 365 * spec.years as i32 + spec.years as i32 / 4;
        let start = spec.until.add_days(-days);
        let first = start.add_days(-EARLIEST);
        let dates = (0..EARLIEST + days + 366).map(|d| first.add_days(d).to_string()).collect();
        let epoch = Date::from_ymd(1970, 1, 1).expect("a real date");
        Clock { days, dates, epoch_day: i64::from(epoch.days_until(start)) }
    }

    /// A day as `YYYY-MM-DD`.
    pub fn date(&self, day: i32) -> &str {
        let at = (day + EARLIEST).clamp(0, self.dates.len() as i32 - 1);
        &self.dates[at as usize]
    }

    /// A day and a time of day (minutes after midnight), as RFC 3339 in UTC.
    pub fn at(&self, day: i32, minutes: i32) -> String {
        format!("{}T{:02}:{:02}:00Z", self.date(day), minutes / 60, minutes % 60)
    }

    /// A month as `YYYY-MM`.
    pub fn month(&self, day: i32) -> String {
        self.date(day)[..7].to_string()
    }

    /// Ids for one service: UUIDv7, their time part counting up from the first day of history,
    /// each service in its own stretch so services can be made in any order.
    pub fn ids(&self, seed: u64, service: usize) -> Ids {
        let start_ms = self.epoch_day.max(0) as u64 * 86_400_000;
        Ids {
            next_ms: start_ms + service as u64 * 50_000_000,
            rng: Rng::new(seed, 1 << 40 | service as u64),
        }
    }
}

pub(crate) struct Ids {
    next_ms: u64,
    rng: Rng,
}

impl Ids {
    pub fn next(&mut self) -> String {
        let ms = u128::from(self.next_ms & 0xFFFF_FFFF_FFFF);
        self.next_ms += 1;
        let random = u128::from(self.rng.next());
        let value = (ms << 80)
            | (0x7 << 76)
            | ((random & 0xFFF) << 64)
            | (0b10 << 62)
            | (u128::from(self.rng.next()) & 0x3FFF_FFFF_FFFF_FFFF);
        Uuid::from_u128(value).hyphenated().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> DemoSpec {
        DemoSpec { households: 10, years: 2, seed: 1, until: Date::parse("2026-03-31").unwrap() }
    }

    #[test]
    fn days_count_back_from_until() {
        let clock = Clock::new(&spec());
        assert_eq!(clock.date(clock.days), "2026-03-31");
        assert_eq!(clock.date(0), "2024-03-31");
        assert_eq!(clock.at(clock.days, 19 * 60 + 5), "2026-03-31T19:05:00Z");
        assert_eq!(clock.month(clock.days), "2026-03");
    }

    #[test]
    fn ids_are_uuid_v7_and_count_up() {
        let clock = Clock::new(&spec());
        let mut ids = clock.ids(1, 0);
        let (a, b) = (ids.next(), ids.next());
        let parsed = Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
        assert!(a < b);
    }
}
