//! What a request for a sleepover, and a host's unavailable nights, send.

use serde::Deserialize;

use super::{Rule, Sleepover, SleepoverChild};
use crate::check::{list, loose};
use crate::registry::caps;
use crate::{Check, Date, DateRange, Error, Id, SleepoverKind, SleepoverReason, SleepoverStatus};

/// The most children booked together: a sibling group.
pub const MOST_CHILDREN: usize = 6;
/// The most nights any stay may ask for, whatever a service's rules allow.
pub const MOST_NIGHTS: i64 = 28;

/// The earliest first night of a stay with a night on or after `day`: no stay is longer than
/// [`MOST_NIGHTS`], so a read of the stays reaching `day` is bounded by their first nights.
pub fn earliest_first_night(day: Date) -> Date {
    day.add_days(1 - MOST_NIGHTS as i32)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SleepoverInput {
    /// The household asking: the children's own home.
    #[serde(default, deserialize_with = "loose")]
    pub from_household_id: Option<String>,
    /// Where the children stay; the constellation's hub when left out.
    #[serde(default, deserialize_with = "loose")]
    pub host_household_id: Option<String>,
    /// One child, or a sibling group booked together: each takes a bed.
    #[serde(default, deserialize_with = "list")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub child_ids: Option<Vec<String>>,
    #[serde(default, deserialize_with = "loose")]
    pub first_night: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub nights: Option<String>,
    /// `planned` or `emergency`.
    #[serde(default, deserialize_with = "loose")]
    pub kind: Option<String>,
    /// A planned stay of several nights for respite.
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub short_break: Option<String>,
    /// `respite`, `crisis`, `sibling_time`, `carer_unavailable` or `other`.
    #[serde(default, deserialize_with = "loose")]
    pub reason: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub note: Option<String>,
    /// Whether the usual carer is on holiday (the stay then reports as SSDA903 `T3`).
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub carer_on_holiday: Option<String>,
    /// A liaison worker's reason for letting the request break the service's rules.
    #[serde(default, deserialize_with = "loose")]
    pub override_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SleepoverDraft {
    pub from_household_id: Id,
    pub host_household_id: Option<Id>,
    pub child_ids: Vec<Id>,
    pub first_night: Date,
    pub nights: i64,
    pub kind: SleepoverKind,
    pub short_break: bool,
    pub reason: SleepoverReason,
    pub note: Option<String>,
    pub carer_on_holiday: bool,
    pub override_reason: Option<String>,
}

impl SleepoverDraft {
    pub fn parse(input: &SleepoverInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let from_household_id = check.id("from_household_id", &input.from_household_id);
        let host_household_id = check.opt_id("host_household_id", &input.host_household_id);
        let child_ids = check.ids(
            "child_ids",
            input.child_ids.as_deref().unwrap_or_default(),
            MOST_CHILDREN,
            "is required: choose the child, or each child of a sibling group",
        );
        let first_night = check.date("first_night", &input.first_night);
        let nights = check.int("nights", &input.nights, 1, MOST_NIGHTS, None);
        let kind = check.choice("kind", &input.kind);
        let short_break = check.opt_bool("short_break", &input.short_break).unwrap_or(false);
        if short_break && kind == SleepoverKind::Emergency {
            check.push("short_break", "must be planned: an emergency stay is a sleepover");
        }
        let reason = check.choice("reason", &input.reason);
        let note = check.opt_text("note", &input.note, caps::NOTE);
        let carer_on_holiday =
            check.opt_bool("carer_on_holiday", &input.carer_on_holiday).unwrap_or(false);
        let override_reason =
            check.opt_text("override_reason", &input.override_reason, caps::SHORT);
        check.finish()?;
        Ok(SleepoverDraft {
            from_household_id,
            host_household_id,
            child_ids,
            first_night,
            nights,
            kind,
            short_break,
            reason,
            note,
            carer_on_holiday,
            override_reason,
        })
    }

    pub fn last_night(&self) -> Date {
        self.first_night.add_days(self.nights as i32 - 1)
    }

    /// The request as it stands once asked, before anyone answers, with no names: what the
    /// write that records it tells the host, without reading it back.
    pub fn requested(
        &self,
        id: Id,
        service_id: Id,
        host_household_id: Id,
        overridden: Vec<Rule>,
        requested_at: String,
    ) -> Sleepover {
        let children = self.child_ids.iter().map(|&id| SleepoverChild { id, name: String::new() });
        Sleepover {
            id,
            service_id,
            from_household_id: self.from_household_id,
            from_household_name: String::new(),
            host_household_id,
            host_household_name: String::new(),
            children: children.collect(),
            first_night: self.first_night,
            nights: self.nights,
            last_night: self.last_night(),
            kind: self.kind,
            short_break: self.short_break,
            status: SleepoverStatus::Requested,
            reason: self.reason,
            note: self.note.clone(),
            carer_on_holiday: self.carer_on_holiday,
            requested_at,
            answered_at: None,
            minutes_to_answer: None,
            outcome_note: None,
            override_reason: self.override_reason.clone(),
            overridden,
        }
    }
}

/// Nights a host marks unavailable, with a reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnavailableInput {
    /// The first night away.
    #[serde(default, deserialize_with = "loose")]
    pub from_on: Option<String>,
    /// The last night away.
    #[serde(default, deserialize_with = "loose")]
    pub to_on: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnavailableDraft {
    pub from_on: Date,
    pub to_on: Date,
    pub reason: String,
}

impl UnavailableDraft {
    /// At most a year at a time; nights already past cannot be marked.
    pub fn parse(input: &UnavailableInput, today: Date) -> Result<Self, Error> {
        let mut check = Check::new();
        let range = check.range("from_on", &input.from_on, "to_on", &input.to_on);
        if input.to_on.as_deref().is_none_or(|t| t.trim().is_empty()) {
            check.push("to_on", "is required: the last night away");
        }
        let reason = check.text("reason", &input.reason, caps::SHORT);
        let to_on = range.to.unwrap_or(range.from);
        if !check.has_error("from_on") && range.from < today {
            check.push("from_on", format!("must not be in the past (today is {today})"));
        }
        if range.from.days_until(to_on) >= 366 {
            check.push("to_on", "must be within a year of the first night");
        }
        check.finish()?;
        Ok(UnavailableDraft { from_on: range.from, to_on, reason })
    }

    pub fn range(&self) -> DateRange {
        DateRange { from: self.from_on, to: Some(self.to_on) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_stay_from_the_earliest_first_night_reaches_the_day_and_no_further() {
        let day = Date::parse("2027-01-01").unwrap();
        let first = earliest_first_night(day);
        let longest = SleepoverDraft {
            first_night: first,
            nights: MOST_NIGHTS,
            ..SleepoverDraft::parse(&input()).unwrap()
        };
        assert_eq!(longest.last_night(), day);
        let earlier = SleepoverDraft { first_night: first.add_days(-1), ..longest };
        assert_eq!(earlier.last_night(), day.add_days(-1));
    }

    fn input() -> SleepoverInput {
        SleepoverInput {
            from_household_id: Some(Id::new().to_string()),
            child_ids: Some(vec![Id::new().to_string()]),
            first_night: Some("2026-12-04".into()),
            nights: Some("2".into()),
            kind: Some("planned".into()),
            reason: Some("respite".into()),
            ..SleepoverInput::default()
        }
    }

    #[test]
    fn a_request_needs_children_a_first_night_and_nights_in_range() {
        let draft = SleepoverDraft::parse(&input()).unwrap();
        assert_eq!(draft.last_night(), Date::parse("2026-12-05").unwrap());
        let bad = SleepoverInput {
            child_ids: Some(vec![]),
            nights: Some("0".into()),
            first_night: Some("2026-13-01".into()),
            ..input()
        };
        let errors = SleepoverDraft::parse(&bad).unwrap_err();
        let fields: Vec<&str> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["child_ids", "first_night", "nights"]);
    }

    #[test]
    fn an_emergency_is_never_a_short_break() {
        let bad = SleepoverInput {
            kind: Some("emergency".into()),
            short_break: Some("yes".into()),
            ..input()
        };
        assert_eq!(SleepoverDraft::parse(&bad).unwrap_err().fields()[0].field, "short_break");
    }

    #[test]
    fn unavailable_nights_run_forward_and_need_a_reason() {
        let today = Date::parse("2026-11-23").unwrap();
        let backwards = UnavailableInput {
            from_on: Some("2026-12-10".into()),
            to_on: Some("2026-12-01".into()),
            reason: None,
        };
        let errors = UnavailableDraft::parse(&backwards, today).unwrap_err();
        let fields: Vec<&str> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["to_on", "reason"]);
    }
}
