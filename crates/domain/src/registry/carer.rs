use serde::Deserialize;

use super::caps;
use crate::check::loose;
use crate::{CarerRole, Check, DateRange, Error, Id, LeavingReason};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarerInput {
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub name: Option<String>,
    /// `main_carer`, `second_carer` or `support_carer`.
    #[serde(default, deserialize_with = "loose")]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub approved_from: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub approved_to: Option<String>,
    /// Why approval ended; required with `approved_to`.
    #[serde(default, deserialize_with = "loose")]
    pub approval_end_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarerDraft {
    pub household_id: Id,
    pub name: String,
    pub role: CarerRole,
    pub approved: DateRange,
    pub approval_end_reason: Option<LeavingReason>,
}

impl CarerDraft {
    pub fn parse(input: &CarerInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let household_id = check.id("household_id", &input.household_id);
        let name = check.text("name", &input.name, caps::NAME);
        let role = check.choice("role", &input.role);
        let approved =
            check.range("approved_from", &input.approved_from, "approved_to", &input.approved_to);
        let approval_end_reason =
            check.opt_choice("approval_end_reason", &input.approval_end_reason);
        if approved.to.is_some()
            && approval_end_reason.is_none()
            && !check.has_error("approval_end_reason")
        {
            check.push("approval_end_reason", "is required when approval has ended");
        }
        check.finish()?;
        Ok(CarerDraft { household_id, name, role, approved, approval_end_reason })
    }
}
