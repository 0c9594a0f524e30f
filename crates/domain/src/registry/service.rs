use serde::Deserialize;

use super::caps;
use crate::check::loose;
use crate::{Check, DateRange, Error, ServiceKind, ServiceStatus};

/// A fostering service, as sent by a form or the API.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceInput {
    #[serde(default, deserialize_with = "loose")]
    pub name: Option<String>,
    /// `local_authority`, `trust`, `ifa` or `other`.
    #[serde(default, deserialize_with = "loose")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub region: Option<String>,
    /// `interested`, `implementing`, `established`, `paused` or `left`.
    #[serde(default, deserialize_with = "loose")]
    pub status: Option<String>,
    /// The date the service joined the programme, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "loose")]
    pub joined_on: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub left_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceDraft {
    pub name: String,
    pub kind: ServiceKind,
    pub region: String,
    pub status: ServiceStatus,
    pub joined: DateRange,
}

impl ServiceDraft {
    pub fn parse(input: &ServiceInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let name = check.text("name", &input.name, caps::NAME);
        let kind = check.choice("kind", &input.kind);
        let region = check.text("region", &input.region, caps::REGION);
        let status = check.choice("status", &input.status);
        let joined = check.range("joined_on", &input.joined_on, "left_on", &input.left_on);
        if status == ServiceStatus::Left && joined.to.is_none() && !check.has_error("left_on") {
            check.push("left_on", "is required when the service has left the programme");
        }
        check.finish()?;
        Ok(ServiceDraft { name, kind, region, status, joined })
    }
}
