use serde::Deserialize;

use crate::check::loose;
use crate::{Check, Date, DateRange, Error, Id, MembershipEnding, MembershipRole};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipInput {
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub constellation_id: Option<String>,
    /// `hub` or `satellite`.
    #[serde(default, deserialize_with = "loose")]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub from_on: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub to_on: Option<String>,
    /// Why the membership ended; required with `to_on`.
    #[serde(default, deserialize_with = "loose")]
    pub end_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipDraft {
    pub household_id: Id,
    pub constellation_id: Id,
    pub role: MembershipRole,
    pub span: DateRange,
    pub end_reason: Option<MembershipEnding>,
}

impl MembershipDraft {
    pub fn parse(input: &MembershipInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let household_id = check.id("household_id", &input.household_id);
        let constellation_id = check.id("constellation_id", &input.constellation_id);
        let role = check.choice("role", &input.role);
        let span = check.range("from_on", &input.from_on, "to_on", &input.to_on);
        let end_reason = check.opt_choice("end_reason", &input.end_reason);
        if span.to.is_some() && end_reason.is_none() && !check.has_error("end_reason") {
            check.push("end_reason", "is required when the membership has ended");
        }
        check.finish()?;
        Ok(MembershipDraft { household_id, constellation_id, role, span, end_reason })
    }
}

/// Moving a household to another constellation on a date: its current membership ends the day
/// before, and a new one starts, so the history stays.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveInput {
    #[serde(default, deserialize_with = "loose")]
    pub constellation_id: Option<String>,
    /// `hub` or `satellite` in the new constellation.
    #[serde(default, deserialize_with = "loose")]
    pub role: Option<String>,
    /// The first day in the new constellation.
    #[serde(default, deserialize_with = "loose")]
    pub on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveDraft {
    pub constellation_id: Id,
    pub role: MembershipRole,
    pub on: Date,
}

impl MoveDraft {
    pub fn parse(input: &MoveInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let constellation_id = check.id("constellation_id", &input.constellation_id);
        let role = check.choice("role", &input.role);
        let on = check.date("on", &input.on);
        check.finish()?;
        Ok(MoveDraft { constellation_id, role, on })
    }
}
