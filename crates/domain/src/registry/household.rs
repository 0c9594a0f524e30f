use serde::Deserialize;

use super::caps;
use crate::check::loose;
use crate::{Check, DateRange, Error, Id, LeavingReason, Postcode};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HouseholdInput {
    #[serde(default, deserialize_with = "loose")]
    pub service_id: Option<String>,
    /// The service's own reference for the home, unique within the service.
    #[serde(default, deserialize_with = "loose")]
    pub reference: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub postcode: Option<String>,
    /// Number of approved places, 0 to 6.
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub places: Option<String>,
    /// What the household is approved for, in words (for example "short breaks, long-term").
    #[serde(default, deserialize_with = "loose")]
    pub approval_kinds: Option<String>,
    /// Beds kept for sleepovers when the household is a hub, 0 to 6; 2 when left out.
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub sleepover_beds: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub joined_on: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub left_on: Option<String>,
    /// `resigned`, `deregistered`, `retired`, `transferred` or `other`; required with `left_on`.
    #[serde(default, deserialize_with = "loose")]
    pub left_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdDraft {
    pub service_id: Id,
    pub reference: String,
    pub display_name: String,
    pub postcode: Postcode,
    pub places: i64,
    pub approval_kinds: Option<String>,
    pub sleepover_beds: i64,
    pub joined: DateRange,
    pub left_reason: Option<LeavingReason>,
}

impl HouseholdDraft {
    pub fn parse(input: &HouseholdInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let service_id = check.id("service_id", &input.service_id);
        let reference = check.text("reference", &input.reference, caps::REFERENCE);
        let display_name = check.text("display_name", &input.display_name, caps::NAME);
        let postcode = check.postcode("postcode", &input.postcode);
        let places = check.int("places", &input.places, 0, 6, Some(1));
        let approval_kinds = check.opt_text("approval_kinds", &input.approval_kinds, caps::SHORT);
        let sleepover_beds = check.int("sleepover_beds", &input.sleepover_beds, 0, 6, Some(2));
        let joined = check.range("joined_on", &input.joined_on, "left_on", &input.left_on);
        let left_reason = check.opt_choice("left_reason", &input.left_reason);
        match (joined.to, left_reason) {
            (Some(_), None) if !check.has_error("left_reason") => {
                check.push("left_reason", "is required when the household has left");
            }
            (None, Some(_)) if !check.has_error("left_on") => {
                check.push("left_on", "is required when a reason for leaving is given");
            }
            _ => {}
        }
        check.finish()?;
        Ok(HouseholdDraft {
            service_id,
            reference,
            display_name,
            postcode,
            places,
            approval_kinds,
            sleepover_beds,
            joined,
            left_reason,
        })
    }
}
