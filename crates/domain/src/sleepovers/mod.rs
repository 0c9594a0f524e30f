//! Sleepovers and short breaks (DESIGN §5.3): a satellite asks, the host answers, and the host's
//! beds are counted night by night. A sleepover is never a placement.

mod calendar;
mod episode;
mod notice;
mod request;
mod rules;
mod step;

pub use calendar::{HostCalendar, Night, Unavailable, month_nights};
pub use episode::{EPISODE_COLUMNS, temporary_episode};
pub use notice::{ChoicesInput, Notice, NotificationChoices, answer_notice, request_notice};
pub use request::{
    MOST_NIGHTS, SleepoverDraft, SleepoverInput, UnavailableDraft, UnavailableInput,
    earliest_first_night,
};
pub use rules::{
    Broken, ChildAuthority, Rule, RulesInput, SleepoverRules, allowance_year, authority_blocker,
    authority_gaps, delegated_authority,
};
pub use step::{AnswerInput, BedChange, Step};

use serde::Serialize;

use crate::{Date, Id, SleepoverKind, SleepoverReason, SleepoverStatus};

/// How long after its last night the host still sees what they needed about a child.
pub const HOST_ACCESS_DAYS: i32 = 7;

/// A child on a sleepover, named as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SleepoverChild {
    pub id: Id,
    pub name: String,
}

/// A sleepover or short break as it is read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sleepover {
    pub id: Id,
    pub service_id: Id,
    pub from_household_id: Id,
    pub from_household_name: String,
    pub host_household_id: Id,
    pub host_household_name: String,
    pub children: Vec<SleepoverChild>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub first_night: Date,
    pub nights: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub last_night: Date,
    pub kind: SleepoverKind,
    /// A planned stay of several nights for respite.
    pub short_break: bool,
    pub status: SleepoverStatus,
    pub reason: SleepoverReason,
    pub note: Option<String>,
    /// Whether the usual carer is on holiday: the stay then reports as SSDA903 `T3`.
    pub carer_on_holiday: bool,
    /// RFC 3339, UTC.
    pub requested_at: String,
    pub answered_at: Option<String>,
    /// Minutes from the request to the host's answer, once answered.
    pub minutes_to_answer: Option<i64>,
    /// Why it was declined, cancelled or did not happen.
    pub outcome_note: Option<String>,
    /// A liaison worker's reason for letting the request break a rule.
    pub override_reason: Option<String>,
    /// The rules the override lets it break, such as `notice` or `delegated_authority`.
    pub overridden: Vec<Rule>,
}

impl Sleepover {
    /// The last day the host still sees the children's shareable information.
    pub fn host_access_until(last_night: Date) -> Date {
        last_night.add_days(HOST_ACCESS_DAYS)
    }

    /// Beds the sleepover takes each night: one per child.
    pub fn beds(&self) -> i64 {
        self.children.len() as i64
    }

    /// What to call it: "Sleepover", "Emergency sleepover" or "Short break".
    pub fn title(&self) -> &'static str {
        match (self.short_break, self.kind) {
            (true, _) => "Short break",
            (false, SleepoverKind::Emergency) => "Emergency sleepover",
            (false, SleepoverKind::Planned) => "Sleepover",
        }
    }
}

/// The constellation a household is the hub of today, if any.
pub fn hub_of(household: &crate::registry::Household) -> Option<Id> {
    hub_constellation(household.constellation_id, household.role)
}

/// The constellation of a membership whose role is hub; none for a satellite's.
fn hub_constellation(constellation: Option<Id>, role: Option<crate::MembershipRole>) -> Option<Id> {
    match role {
        Some(crate::MembershipRole::Hub) => constellation,
        _ => None,
    }
}

/// What hosting sleepovers at a household needs: answering them, marking nights unavailable.
pub fn host_power(household: &crate::registry::Household) -> crate::Power {
    host_power_at(household.service_id, household.id, household.constellation_id, household.role)
}

/// What hosting sleepovers at `household` of `service` needs, from its membership today (its
/// `constellation` and `role` there): [`host_power`] for a household not read whole.
pub fn host_power_at(
    service: Id,
    household: Id,
    constellation: Option<Id>,
    role: Option<crate::MembershipRole>,
) -> crate::Power {
    crate::Power::Host { service, household, hub_of: hub_constellation(constellation, role) }
}

/// Minutes between two RFC 3339 times, for the time a request waited for its answer.
pub fn minutes_between(from: &str, to: &str) -> Option<i64> {
    let from: jiff::Timestamp = from.parse().ok()?;
    let to: jiff::Timestamp = to.parse().ok()?;
    Some(to.duration_since(from).as_secs() / 60)
}
