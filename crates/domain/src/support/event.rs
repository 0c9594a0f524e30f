//! A constellation's gatherings: social activities, training, peer support and planning
//! meetings; who says they are coming, and who came.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::check::loose;
use crate::registry::caps;
use crate::{Check, Error, EventKind, Id, Power, Scope, choice};

choice!(
    /// A household's answer to an invitation.
    ReplyAnswer {
        Coming => "coming", "Coming";
        NotComing => "not_coming", "Not coming";
        Maybe => "maybe", "Maybe";
    }
);

/// How far back an event may be added, to record one held before it was entered.
pub const OLDEST_EVENT_DAYS: i64 = 400;
/// How far ahead an event may be planned.
pub const FURTHEST_EVENT_DAYS: i64 = 2 * 366;
/// The longest event: a day. A weekend away is an event a day.
const LONGEST_EVENT_HOURS: i64 = 24;
/// The most people of one kind one household brings.
const MOST_PEOPLE: i64 = 30;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventInput {
    #[serde(default, deserialize_with = "loose")]
    pub constellation_id: Option<String>,
    /// `social`, `training`, `peer_support` or `planning`.
    #[serde(default, deserialize_with = "loose")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub title: Option<String>,
    /// When it starts, in UK time, as `2026-12-05T10:30`, or an RFC 3339 instant.
    #[serde(default, deserialize_with = "loose")]
    pub starts_at: Option<String>,
    /// When it ends, the same day or within 24 hours of the start.
    #[serde(default, deserialize_with = "loose")]
    pub ends_at: Option<String>,
    /// Where: a hall, a park, an address, or "online".
    #[serde(default, deserialize_with = "loose")]
    pub place: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub constellation_id: Id,
    pub kind: EventKind,
    pub title: String,
    pub starts_at: Timestamp,
    pub ends_at: Option<Timestamp>,
    pub place: Option<String>,
    pub note: Option<String>,
}

impl EventDraft {
    /// Reads an event planned or recorded at `now`.
    pub fn parse(input: &EventInput, now: Timestamp) -> Result<Self, Error> {
        let mut check = Check::new();
        let constellation_id = check.id("constellation_id", &input.constellation_id);
        let kind = check.choice("kind", &input.kind);
        let title = check.text("title", &input.title, caps::NAME);
        let starts_at = check.opt_instant("starts_at", &input.starts_at);
        if starts_at.is_none() && !check.has_error("starts_at") {
            check.push("starts_at", "is required");
        }
        let ends_at = check.opt_instant("ends_at", &input.ends_at);
        let place = check.opt_text("place", &input.place, caps::SHORT);
        let note = check.opt_text("note", &input.note, caps::NOTE);
        let days = |from: Timestamp, to: Timestamp| (to.as_second() - from.as_second()) / 86_400;
        if let Some(start) = starts_at {
            if days(start, now) > OLDEST_EVENT_DAYS {
                check
                    .push("starts_at", format!("must be within the last {OLDEST_EVENT_DAYS} days"));
            } else if days(now, start) > FURTHEST_EVENT_DAYS {
                check.push("starts_at", "must be within two years from now");
            }
            if let Some(end) = ends_at {
                let hours = (end.as_second() - start.as_second()) / 3_600;
                if end <= start {
                    check.push("ends_at", "must be after the start");
                } else if hours >= LONGEST_EVENT_HOURS {
                    check.push("ends_at", "must be within a day of the start: add one event a day");
                }
            }
        }
        check.finish()?;
        let starts_at = starts_at.unwrap_or(now);
        Ok(EventDraft { constellation_id, kind, title, starts_at, ends_at, place, note })
    }
}

/// Who came from one household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendance {
    pub household_id: Id,
    pub household_name: String,
    pub adults: i64,
    /// Children and young people, carers' own sons and daughters among them.
    pub children: i64,
    /// Of the children, carers' own sons and daughters.
    pub sons_daughters: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceInput {
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub adults: Option<String>,
    /// Every child and young person who came, sons and daughters included.
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub children: Option<String>,
    /// How many of the children are the carers' own sons and daughters; 0 when left out.
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub sons_daughters: Option<String>,
}

/// One household's attendance; all zeros means nobody came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttendanceDraft {
    pub household_id: Id,
    pub adults: i64,
    pub children: i64,
    pub sons_daughters: i64,
}

impl AttendanceDraft {
    pub fn parse(input: &AttendanceInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let household_id = check.id("household_id", &input.household_id);
        let adults = check.int("adults", &input.adults, 0, MOST_PEOPLE, None);
        let children = check.int("children", &input.children, 0, MOST_PEOPLE, Some(0));
        let sons_daughters =
            check.int("sons_daughters", &input.sons_daughters, 0, MOST_PEOPLE, Some(0));
        if sons_daughters > children && !check.has_error("children") {
            check.push(
                "sons_daughters",
                format!("cannot be more than the children who came ({children})"),
            );
        }
        check.finish()?;
        Ok(AttendanceDraft { household_id, adults, children, sons_daughters })
    }

    pub fn nobody(&self) -> bool {
        self.adults == 0 && self.children == 0
    }
}

/// One household's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventReply {
    pub household_id: Id,
    pub household_name: String,
    pub answer: ReplyAnswer,
    /// Who answered, by name.
    pub replied_by: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub replied_at: Timestamp,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyInput {
    /// The household answering; the caller's own when left out.
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
    /// `coming`, `not_coming` or `maybe`.
    #[serde(default, deserialize_with = "loose")]
    pub answer: Option<String>,
}

/// An event with, when read alone, its answers and who came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: Id,
    pub service_id: Id,
    pub constellation_id: Id,
    pub constellation_name: String,
    pub kind: EventKind,
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub starts_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub ends_at: Option<Timestamp>,
    pub place: Option<String>,
    pub note: Option<String>,
    pub cancelled: bool,
    pub cancelled_reason: Option<String>,
    pub replies: Vec<EventReply>,
    pub attendance: Vec<Attendance>,
}

impl Event {
    /// Whether it has started by `now`.
    pub fn started(&self, now: Timestamp) -> bool {
        self.starts_at <= now
    }

    /// Refuses changing an event that is cancelled.
    pub fn check_open(&self) -> Result<(), Error> {
        if self.cancelled {
            return Err(Error::field("event", "this event is cancelled"));
        }
        Ok(())
    }

    /// Whether households may still answer: it is on and has not started.
    pub fn check_replies_open(&self, now: Timestamp) -> Result<(), Error> {
        self.check_open()?;
        if self.started(now) {
            return Err(Error::field("answer", "cannot be changed once the event has started"));
        }
        Ok(())
    }

    /// Whether who came may be recorded: it is on and has started.
    pub fn check_attendance_open(&self, now: Timestamp) -> Result<(), Error> {
        self.check_open()?;
        if !self.started(now) {
            return Err(Error::field(
                "household_id",
                "cannot be recorded before the event starts: record who said they are coming instead",
            ));
        }
        Ok(())
    }

    /// Everyone who came: adults, children, and sons and daughters among the children.
    pub fn head_count(&self) -> (i64, i64, i64) {
        self.attendance
            .iter()
            .fold((0, 0, 0), |(a, c, s), x| (a + x.adults, c + x.children, s + x.sons_daughters))
    }
}

/// Why an event is cancelled: required, at most [`caps::SHORT`] characters, for the households
/// to read.
pub fn cancel_reason(raw: &str) -> Result<String, Error> {
    crate::check::reason(raw, "so households know")
}

impl ReplyInput {
    /// The household answering, if named, and the answer.
    pub fn parse(&self) -> Result<(Option<Id>, ReplyAnswer), Error> {
        let mut check = Check::new();
        let household = check.opt_id("household_id", &self.household_id);
        let answer = check.choice("answer", &self.answer);
        check.finish()?;
        Ok((household, answer))
    }
}

/// Whether the caller may answer for `household`: who lives there, or whoever runs the
/// constellation's support.
pub fn may_reply(scope: &Scope, service: Id, constellation: Id, household: Id) -> bool {
    scope.may(Power::Ask { service, household })
        || scope.may(Power::Support { service, constellation: Some(constellation) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-23T12:00:00Z".parse().unwrap()
    }

    fn input(starts: &str, ends: Option<&str>) -> EventInput {
        EventInput {
            constellation_id: Some(Id::new().to_string()),
            kind: Some("social".into()),
            title: Some("Winter walk".into()),
            starts_at: Some(starts.into()),
            ends_at: ends.map(str::to_string),
            ..Default::default()
        }
    }

    fn fields(result: Result<EventDraft, Error>) -> Vec<String> {
        match result {
            Err(Error::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn an_event_ends_after_it_starts_and_within_a_day() {
        let ok = EventDraft::parse(&input("2026-12-05T10:30", Some("2026-12-05T13:00")), now());
        assert_eq!(ok.unwrap().starts_at, "2026-12-05T10:30:00Z".parse().unwrap());
        let backwards = input("2026-12-05T10:30", Some("2026-12-05T09:00"));
        assert_eq!(fields(EventDraft::parse(&backwards, now())), ["ends_at"]);
        let long = input("2026-12-05T10:30", Some("2026-12-06T10:30"));
        assert_eq!(fields(EventDraft::parse(&long, now())), ["ends_at"]);
    }

    #[test]
    fn an_event_is_within_the_last_400_days_or_the_next_two_years() {
        assert_eq!(
            fields(EventDraft::parse(&input("2024-01-01T10:00", None), now())),
            ["starts_at"]
        );
        assert_eq!(
            fields(EventDraft::parse(&input("2029-01-01T10:00", None), now())),
            ["starts_at"]
        );
        let empty = EventInput { title: Some("x".repeat(caps::NAME + 1)), ..Default::default() };
        assert_eq!(
            fields(EventDraft::parse(&empty, now())),
            ["constellation_id", "kind", "title", "starts_at"]
        );
    }

    #[test]
    fn sons_and_daughters_are_counted_among_the_children() {
        let came = |adults: &str, children: &str, sd: &str| AttendanceInput {
            household_id: Some(Id::new().to_string()),
            adults: Some(adults.into()),
            children: Some(children.into()),
            sons_daughters: Some(sd.into()),
        };
        assert!(AttendanceDraft::parse(&came("2", "3", "1")).is_ok());
        assert!(AttendanceDraft::parse(&came("0", "0", "0")).unwrap().nobody());
        let more = AttendanceDraft::parse(&came("1", "1", "2")).unwrap_err();
        assert_eq!(more.fields()[0].field, "sons_daughters");
        assert!(AttendanceDraft::parse(&came("-1", "31", "0")).is_err());
    }
}
