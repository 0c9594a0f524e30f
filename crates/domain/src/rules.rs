//! Rules between records: what may overlap, what may end when, and how well a constellation
//! keeps to the model.

use crate::{ConstellationStatus, Date, DateRange, Error, Id};

/// A record's date range, with its id so an edit can leave itself out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub id: Id,
    pub range: DateRange,
}

fn first_clash(range: &DateRange, others: &[Span], editing: Option<Id>) -> Option<Span> {
    others.iter().copied().filter(|s| Some(s.id) != editing).find(|s| s.range.overlaps(range))
}

fn describe(range: &DateRange) -> String {
    match range.to {
        Some(to) => format!("{} to {to}", range.from),
        None => format!("{} with no end date", range.from),
    }
}

/// A household is in at most one constellation on any day: its memberships never overlap.
pub fn household_membership_fits(
    range: &DateRange,
    memberships: &[Span],
    editing: Option<Id>,
) -> Result<(), Error> {
    match first_clash(range, memberships, editing) {
        Some(clash) => Err(Error::field(
            "from_on",
            format!(
                "overlaps the household's membership from {}; a household is in one constellation at a time",
                describe(&clash.range)
            ),
        )),
        None => Ok(()),
    }
}

/// A constellation has at most one active hub on any day.
pub fn hub_fits(
    range: &DateRange,
    hub_memberships: &[Span],
    editing: Option<Id>,
) -> Result<(), Error> {
    match first_clash(range, hub_memberships, editing) {
        Some(clash) => Err(Error::field(
            "role",
            format!(
                "the constellation already has a hub from {}; it may have only one",
                describe(&clash.range)
            ),
        )),
        None => Ok(()),
    }
}

/// A child's placements never overlap.
pub fn placement_fits(
    range: &DateRange,
    placements: &[Span],
    editing: Option<Id>,
) -> Result<(), Error> {
    match first_clash(range, placements, editing) {
        Some(clash) => Err(Error::field(
            "from_on",
            format!(
                "overlaps the child's placement from {}; placements may not overlap",
                describe(&clash.range)
            ),
        )),
        None => Ok(()),
    }
}

/// Ends an open range on `on`, its last day. A range that has already ended stays as it is.
pub fn end_range(range: &DateRange, on: Date) -> Result<DateRange, Error> {
    if let Some(to) = range.to {
        return Err(Error::field("on", format!("this has already ended, on {to}")));
    }
    DateRange::new(range.from, Some(on)).map_err(|message| Error::field("on", message))
}

/// Moving on `on`: the current membership's last day is the day before.
pub fn end_for_move(current: &DateRange, on: Date) -> Result<DateRange, Error> {
    if on <= current.from {
        return Err(Error::field(
            "on",
            format!(
                "must be after the current membership began ({}); to correct a start date, edit it",
                current.from
            ),
        ));
    }
    end_range(current, on.add_days(-1))
}

/// Red, amber or green, as the fidelity view shows a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rag {
    Red,
    Amber,
    Green,
}

/// Six to ten satellites keeps to the model; fewer is only a signal, never a refusal, and a
/// forming constellation is expected to be short.
pub fn satellite_signal(satellites: usize, status: ConstellationStatus) -> (Rag, String) {
    match (satellites, status) {
        (6..=10, _) => (Rag::Green, format!("{satellites} satellites, within 6 to 10")),
        (_, ConstellationStatus::Forming) if satellites < 6 => (
            Rag::Amber,
            format!("{satellites} satellites so far; forming constellations grow to 6 to 10"),
        ),
        (n, _) if n > 10 => {
            (Rag::Amber, format!("{n} satellites, more than the 10 the model suggests"))
        }
        (n, _) => (Rag::Red, format!("{n} satellites, fewer than the 6 the model needs")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(from: &str, to: Option<&str>) -> DateRange {
        DateRange::new(Date::parse(from).unwrap(), to.map(|t| Date::parse(t).unwrap())).unwrap()
    }

    fn span(from: &str, to: Option<&str>) -> Span {
        Span { id: Id::new(), range: range(from, to) }
    }

    #[test]
    fn a_household_is_in_one_constellation_at_a_time() {
        let existing = [span("2024-01-01", Some("2024-12-31")), span("2025-02-01", None)];
        assert!(
            household_membership_fits(&range("2025-01-01", Some("2025-01-31")), &existing, None)
                .is_ok()
        );
        let err =
            household_membership_fits(&range("2024-12-31", Some("2025-01-15")), &existing, None)
                .unwrap_err();
        assert_eq!(err.fields()[0].field, "from_on");
        assert!(err.fields()[0].message.contains("2024-01-01 to 2024-12-31"));
        assert!(household_membership_fits(&range("2030-01-01", None), &existing, None).is_err());
    }

    #[test]
    fn an_edit_does_not_clash_with_itself() {
        let existing = [span("2024-01-01", None)];
        assert!(
            household_membership_fits(&range("2023-06-01", None), &existing, Some(existing[0].id))
                .is_ok()
        );
    }

    #[test]
    fn a_constellation_has_at_most_one_hub_on_any_day() {
        let hubs = [span("2020-01-01", Some("2025-03-31"))];
        assert!(hub_fits(&range("2025-04-01", None), &hubs, None).is_ok());
        assert_eq!(
            hub_fits(&range("2025-03-31", None), &hubs, None).unwrap_err().fields()[0].field,
            "role"
        );
    }

    #[test]
    fn a_childs_placements_do_not_overlap() {
        let placements = [span("2022-05-01", Some("2023-05-01"))];
        assert!(placement_fits(&range("2023-05-02", None), &placements, None).is_ok());
        assert!(placement_fits(&range("2023-04-30", None), &placements, None).is_err());
    }

    #[test]
    fn ending_takes_a_date_not_before_the_start_and_only_once() {
        let open = range("2024-01-10", None);
        assert_eq!(
            end_range(&open, Date::parse("2024-02-01").unwrap()).unwrap().to,
            Date::parse("2024-02-01").ok()
        );
        assert!(end_range(&open, Date::parse("2024-01-09").unwrap()).is_err());
        let ended = range("2024-01-10", Some("2024-03-01"));
        assert!(
            end_range(&ended, Date::parse("2024-04-01").unwrap()).unwrap_err().fields()[0]
                .message
                .contains("already ended")
        );
    }

    #[test]
    fn a_move_ends_the_current_membership_the_day_before() {
        let current = range("2024-01-10", None);
        let ended = end_for_move(&current, Date::parse("2025-06-01").unwrap()).unwrap();
        assert_eq!(ended.to, Date::parse("2025-05-31").ok());
        assert!(end_for_move(&current, Date::parse("2024-01-10").unwrap()).is_err());
    }

    #[test]
    fn six_to_ten_satellites_is_a_signal_not_a_refusal() {
        assert_eq!(satellite_signal(8, ConstellationStatus::Active).0, Rag::Green);
        assert_eq!(satellite_signal(3, ConstellationStatus::Forming).0, Rag::Amber);
        assert_eq!(satellite_signal(3, ConstellationStatus::Active).0, Rag::Red);
        assert_eq!(satellite_signal(12, ConstellationStatus::Active).0, Rag::Amber);
    }
}
