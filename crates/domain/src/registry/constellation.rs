use serde::Deserialize;

use super::caps;
use crate::check::loose;
use crate::{Check, ConstellationStatus, DateRange, Error, Id};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConstellationInput {
    /// The service it belongs to; fixed once created.
    #[serde(default, deserialize_with = "loose")]
    pub service_id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub name: Option<String>,
    /// `forming`, `active`, `paused` or `closed`.
    #[serde(default, deserialize_with = "loose")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub launched_on: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub closed_on: Option<String>,
    /// The named liaison worker at the service.
    #[serde(default, deserialize_with = "loose")]
    pub liaison_worker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstellationDraft {
    pub service_id: Id,
    pub name: String,
    pub status: ConstellationStatus,
    pub launched: DateRange,
    pub liaison_worker: Option<String>,
}

impl ConstellationDraft {
    pub fn parse(input: &ConstellationInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let service_id = check.id("service_id", &input.service_id);
        let name = check.text("name", &input.name, caps::NAME);
        let status = check.choice("status", &input.status);
        let launched =
            check.range("launched_on", &input.launched_on, "closed_on", &input.closed_on);
        let liaison_worker = check.opt_text("liaison_worker", &input.liaison_worker, caps::NAME);
        if status == ConstellationStatus::Closed
            && launched.to.is_none()
            && !check.has_error("closed_on")
        {
            check.push("closed_on", "is required when the constellation is closed");
        }
        check.finish()?;
        Ok(ConstellationDraft { service_id, name, status, launched, liaison_worker })
    }
}
