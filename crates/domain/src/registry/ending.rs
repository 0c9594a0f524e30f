use serde::Deserialize;

use crate::check::loose;
use crate::{Check, Date, Error, LeavingReason, MembershipEnding, ssda903};

/// Ending a membership, a placement or a carer's approval: the last day and why.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndInput {
    /// The last day, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "loose")]
    pub on: Option<String>,
    /// The reason: a membership ending, an SSDA903 `REASON_PLACE_CHANGE` code, or a leaving reason.
    #[serde(default, deserialize_with = "loose")]
    pub reason: Option<String>,
    /// For a placement: whether the ending was planned.
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub planned: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MembershipEnd {
    pub on: Date,
    pub reason: MembershipEnding,
}

impl MembershipEnd {
    pub fn parse(input: &EndInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let on = check.date("on", &input.on);
        let reason = check.choice("reason", &input.reason);
        check.finish()?;
        Ok(MembershipEnd { on, reason })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementEnding {
    pub on: Date,
    pub reason_code: &'static str,
    pub planned: bool,
}

impl PlacementEnding {
    pub fn parse(input: &EndInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let on = check.date("on", &input.on);
        let reason_code = check.code("reason", ssda903::REASON_PLACE_CHANGE, &input.reason);
        let planned = check.opt_bool("planned", &input.planned);
        if planned.is_none() && !check.has_error("planned") {
            check.push("planned", "is required: say whether the ending was planned");
        }
        check.finish()?;
        Ok(PlacementEnding { on, reason_code, planned: planned.unwrap_or(false) })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalEnding {
    pub on: Date,
    pub reason: LeavingReason,
}

impl ApprovalEnding {
    pub fn parse(input: &EndInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let on = check.date("on", &input.on);
        let reason = check.choice("reason", &input.reason);
        check.finish()?;
        Ok(ApprovalEnding { on, reason })
    }
}
