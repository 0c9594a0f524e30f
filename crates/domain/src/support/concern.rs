//! A concern: a period when a placement is at risk, a carer may resign or a move to residential
//! care is likely. It is opened, linked to the support given, and closed by the liaison worker
//! with an outcome. A good outcome put down to the constellation's support is what the monthly
//! return counts as a breakdown prevented, a resignation avoided or a residential placement
//! avoided: counted from concerns, never typed in.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::check::loose;
use crate::registry::caps;
use crate::sleepovers::Notice;
use crate::{Check, Choice, ConcernKind, ConcernOutcome, Date, Error, Id, choice};

/// How far back a concern may be opened or closed, so a late entry is kept but a typed year is
/// caught.
pub const OLDEST_CONCERN_DAYS: i32 = 400;
/// A second concern about the same child or household within this many days, either side, is
/// a red flag.
pub const RED_FLAG_DAYS: i32 = 7;

choice!(
    /// What a concern's action is: support given while it was open.
    ActionKind {
        Contact => "contact", "Support contact";
        Sleepover => "sleepover", "Sleepover";
        Event => "event", "Event";
    }
);

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernInput {
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
    /// `placement_at_risk`, `carer_may_resign` or `residential_risk`.
    #[serde(default, deserialize_with = "loose")]
    pub kind: Option<String>,
    /// The child whose placement is at risk, or who may move to residential care.
    #[serde(default, deserialize_with = "loose")]
    pub child_id: Option<String>,
    /// The carer who may resign.
    #[serde(default, deserialize_with = "loose")]
    pub carer_id: Option<String>,
    /// The day it was raised; today when left out.
    #[serde(default, deserialize_with = "loose")]
    pub opened_on: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernDraft {
    pub household_id: Id,
    pub kind: ConcernKind,
    pub child_id: Option<Id>,
    pub carer_id: Option<Id>,
    pub opened_on: Date,
    pub note: Option<String>,
}

/// A day that is not after `today` and not longer ago than [`OLDEST_CONCERN_DAYS`]; `today`
/// when left out.
fn recent_day(check: &mut Check, field: &str, raw: &Option<String>, today: Date) -> Date {
    let day = check.opt_date(field, raw).unwrap_or(today);
    if day > today {
        check.push(field, "cannot be in the future");
    } else if day.days_until(today) > OLDEST_CONCERN_DAYS {
        check.push(field, format!("must be within the last {OLDEST_CONCERN_DAYS} days"));
    }
    day
}

impl ConcernDraft {
    pub fn parse(input: &ConcernInput, today: Date) -> Result<Self, Error> {
        let mut check = Check::new();
        let household_id = check.id("household_id", &input.household_id);
        let kind: ConcernKind = check.choice("kind", &input.kind);
        let child_id = check.opt_id("child_id", &input.child_id);
        let carer_id = check.opt_id("carer_id", &input.carer_id);
        if !check.has_error("kind") {
            match kind {
                ConcernKind::CarerMayResign if carer_id.is_none() => {
                    check.push("carer_id", "is required: say which carer may resign");
                }
                ConcernKind::PlacementAtRisk | ConcernKind::ResidentialRisk
                    if child_id.is_none() =>
                {
                    check.push("child_id", "is required: say which child it is about");
                }
                _ => {}
            }
        }
        let opened_on = recent_day(&mut check, "opened_on", &input.opened_on, today);
        let note = check.opt_text("note", &input.note, caps::NOTE);
        check.finish()?;
        Ok(ConcernDraft { household_id, kind, child_id, carer_id, opened_on, note })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloseInput {
    /// The day it ended; today when left out.
    #[serde(default, deserialize_with = "loose")]
    pub closed_on: Option<String>,
    /// `stabilised`, `ended`, `moved_to_residential`, `resigned` or `withdrawn`.
    #[serde(default, deserialize_with = "loose")]
    pub outcome: Option<String>,
    /// For `stabilised`: whether the constellation's support made the difference (`yes`/`no`).
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub attributed: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseDraft {
    pub closed_on: Date,
    pub outcome: ConcernOutcome,
    pub attributed: bool,
    pub note: Option<String>,
}

impl CloseDraft {
    /// Reads the closing of a concern opened on `opened_on`.
    pub fn parse(input: &CloseInput, opened_on: Date, today: Date) -> Result<Self, Error> {
        let mut check = Check::new();
        let closed_on = recent_day(&mut check, "closed_on", &input.closed_on, today);
        if closed_on < opened_on && !check.has_error("closed_on") {
            check.push(
                "closed_on",
                format!("must not be earlier than the day it was opened ({opened_on})"),
            );
        }
        let outcome: ConcernOutcome = check.choice("outcome", &input.outcome);
        let attributed = check.opt_bool("attributed", &input.attributed);
        let note = check.opt_text("note", &input.note, caps::NOTE);
        let stabilised = outcome == ConcernOutcome::Stabilised && !check.has_error("outcome");
        if stabilised && attributed.is_none() && !check.has_error("attributed") {
            check.push(
                "attributed",
                "is required: say whether the constellation's support made the difference",
            );
        }
        check.finish()?;
        Ok(CloseDraft {
            closed_on,
            outcome,
            attributed: stabilised && attributed == Some(true),
            note,
        })
    }
}

/// Support linked to a concern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernAction {
    pub kind: ActionKind,
    pub record_id: Id,
    /// What the support was, as a person reads it: "Phone contact, 20 Nov 2026 19:30".
    pub what: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub linked_at: Timestamp,
    /// Who linked it, by the name they had then.
    pub linked_by: String,
}

/// The support a linked record gave, read from the record itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionRecord {
    Contact {
        at: Timestamp,
        channel: crate::ContactChannel,
    },
    Sleepover {
        first_night: Date,
        status: crate::SleepoverStatus,
    },
    Event {
        title: String,
        starts_at: Timestamp,
    },
    /// The record is no longer there to read.
    Gone,
}

impl ActionRecord {
    pub fn what(&self) -> String {
        match self {
            ActionRecord::Contact { at, channel } => {
                format!("{} contact, {}", channel.label(), crate::wall_clock(*at))
            }
            ActionRecord::Sleepover { first_night, status } => {
                format!("Sleepover from {} ({})", first_night.long(), status.label().to_lowercase())
            }
            ActionRecord::Event { title, starts_at } => {
                format!("{title}, {}", crate::wall_clock(*starts_at))
            }
            ActionRecord::Gone => "A record no longer held".into(),
        }
    }
}

/// Whether a concern closed so counts as what it prevented: stabilised, and put down to the
/// constellation's support.
pub fn counted(outcome: Option<ConcernOutcome>, attributed: Option<bool>) -> bool {
    outcome == Some(ConcernOutcome::Stabilised) && attributed == Some(true)
}

/// Whether a sleepover gave support: one declined or cancelled did not.
pub fn sleepover_gave_support(status: crate::SleepoverStatus) -> bool {
    !matches!(status, crate::SleepoverStatus::Declined | crate::SleepoverStatus::Cancelled)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionInput {
    /// `contact`, `sleepover` or `event`.
    #[serde(default, deserialize_with = "loose")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub record_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Concern {
    pub id: Id,
    pub service_id: Id,
    pub household_id: Id,
    pub household_name: String,
    pub kind: ConcernKind,
    pub child_id: Option<Id>,
    pub child_name: Option<String>,
    pub carer_id: Option<Id>,
    pub carer_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub opened_on: Date,
    pub opened_by: String,
    pub note: Option<String>,
    /// Why the liaison worker was alerted when it was opened, if they were.
    pub red_flag: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub closed_on: Option<Date>,
    pub outcome: Option<ConcernOutcome>,
    pub attributed: Option<bool>,
    pub closed_by: Option<String>,
    pub closing_note: Option<String>,
    pub actions: Vec<ConcernAction>,
}

impl Concern {
    /// What the monthly return counts it as once closed: a breakdown prevented, a resignation
    /// avoided or a residential placement avoided; only a stabilised concern put down to the
    /// constellation's support counts.
    pub fn counts_as(&self) -> Option<&'static str> {
        if !counted(self.outcome, self.attributed) {
            return None;
        }
        Some(match self.kind {
            ConcernKind::PlacementAtRisk => "A placement breakdown prevented",
            ConcernKind::CarerMayResign => "A resignation avoided",
            ConcernKind::ResidentialRisk => "A residential placement avoided",
        })
    }

    /// What it is about, as a person reads it.
    pub fn subject(&self) -> String {
        match (&self.child_name, &self.carer_name) {
            (Some(child), _) => format!("{child}, {}", self.household_name),
            (None, Some(carer)) => format!("{carer}, {}", self.household_name),
            _ => self.household_name.clone(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.closed_on.is_none()
    }
}

/// The e-mail a red flag sends: the kind, the day and why, and no one's name.
pub fn red_flag_notice(kind: ConcernKind, opened_on: Date, flag: Option<&str>) -> Notice {
    Notice {
        subject: format!(
            "Red flag: {} concern opened {}",
            kind.label().to_lowercase(),
            opened_on.long()
        ),
        body: format!(
            "A concern was opened in your constellation on {}: {}.\n\nIt is a red flag. {}.\n\nSign in to Constellate to see it.",
            opened_on.long(),
            kind.label().to_lowercase(),
            flag.unwrap_or("It needs your attention")
        ),
    }
}

/// Why a new concern alerts the liaison worker at once, if it does: another concern about the
/// same child or household opened within [`RED_FLAG_DAYS`] days, or an emergency sleepover for
/// the household under way.
pub fn red_flag(recent_concerns: usize, emergency_under_way: bool) -> Option<String> {
    let mut reasons = Vec::new();
    if recent_concerns > 0 {
        reasons.push(format!(
            "another concern about the same child or household was opened within {RED_FLAG_DAYS} days of this one"
        ));
    }
    if emergency_under_way {
        reasons.push("an emergency sleepover for this household is under way".to_string());
    }
    if reasons.is_empty() {
        return None;
    }
    let text = reasons.join("; and ");
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    fn fields(result: Result<impl std::fmt::Debug, Error>) -> Vec<String> {
        match result {
            Err(Error::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn a_concern_names_the_child_or_carer_its_kind_is_about() {
        let input = |kind: &str| ConcernInput {
            household_id: Some(Id::new().to_string()),
            kind: Some(kind.into()),
            ..Default::default()
        };
        assert_eq!(fields(ConcernDraft::parse(&input("placement_at_risk"), today())), ["child_id"]);
        assert_eq!(fields(ConcernDraft::parse(&input("carer_may_resign"), today())), ["carer_id"]);
        let later =
            ConcernInput { opened_on: Some("2026-11-24".into()), ..input("residential_risk") };
        assert_eq!(fields(ConcernDraft::parse(&later, today())), ["child_id", "opened_on"]);
        let household =
            ConcernInput { child_id: Some(Id::new().to_string()), ..input("placement_at_risk") };
        assert_eq!(ConcernDraft::parse(&household, today()).unwrap().opened_on, today());
    }

    #[test]
    fn closing_as_stabilised_says_whether_the_constellation_made_the_difference() {
        let opened = Date::parse("2026-11-01").unwrap();
        let close = |outcome: &str, attributed: Option<&str>, on: Option<&str>| CloseInput {
            outcome: Some(outcome.into()),
            attributed: attributed.map(str::to_string),
            closed_on: on.map(str::to_string),
            note: None,
        };
        assert_eq!(
            fields(CloseDraft::parse(&close("stabilised", None, None), opened, today())),
            ["attributed"]
        );
        let helped = CloseDraft::parse(&close("stabilised", Some("yes"), None), opened, today());
        assert!(helped.unwrap().attributed);
        let ended = CloseDraft::parse(&close("ended", Some("yes"), None), opened, today());
        assert!(!ended.unwrap().attributed, "only a good outcome is put down to support");
        let early = close("withdrawn", None, Some("2026-10-31"));
        assert_eq!(fields(CloseDraft::parse(&early, opened, today())), ["closed_on"]);
    }

    #[test]
    fn a_red_flag_says_why() {
        assert_eq!(red_flag(0, false), None);
        assert!(red_flag(1, false).unwrap().starts_with("Another concern"));
        let both = red_flag(2, true).unwrap();
        assert!(both.contains("7 days") && both.contains("emergency sleepover"), "{both}");
    }
}
