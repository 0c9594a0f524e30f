//! The registry's records as they are read back: what pages and the API show.

use serde::Serialize;

use crate::{
    Arrangement, CarerRole, ConstellationStatus, Date, Id, LeavingReason, MembershipEnding,
    MembershipRole, ServiceKind, ServiceStatus,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    pub id: Id,
    pub name: String,
    pub kind: ServiceKind,
    pub region: String,
    pub status: ServiceStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub joined_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub left_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Constellation {
    pub id: Id,
    pub service_id: Id,
    pub name: String,
    pub status: ConstellationStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub launched_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub closed_on: Option<Date>,
    pub liaison_worker: Option<String>,
    /// The household that is the hub today, if any.
    pub hub_household_id: Option<Id>,
    pub hub_name: Option<String>,
    /// Satellites with a membership that is current today.
    pub satellites: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Household {
    pub id: Id,
    pub service_id: Id,
    pub reference: String,
    pub display_name: String,
    pub postcode: String,
    pub places: i64,
    pub approval_kinds: Option<String>,
    pub sleepover_beds: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub joined_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub left_on: Option<Date>,
    pub left_reason: Option<LeavingReason>,
    /// The constellation the household is in today, if any.
    pub constellation_id: Option<Id>,
    pub constellation_name: Option<String>,
    pub role: Option<MembershipRole>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub id: Id,
    pub household_id: Id,
    pub household_name: String,
    pub constellation_id: Id,
    pub constellation_name: String,
    pub role: MembershipRole,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub to_on: Option<Date>,
    pub end_reason: Option<MembershipEnding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Carer {
    pub id: Id,
    pub service_id: Id,
    pub household_id: Id,
    pub household_name: String,
    pub name: String,
    pub role: CarerRole,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub approved_from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub approved_to: Option<Date>,
    pub approval_end_reason: Option<LeavingReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Child {
    pub id: Id,
    pub service_id: Id,
    pub household_id: Option<Id>,
    pub household_name: Option<String>,
    /// Brothers and sisters share one; none for a child with no sibling linked.
    pub sibling_group_id: Option<Id>,
    pub name: String,
    /// `YYYY-MM`.
    pub birth_month: String,
    /// Withheld (null) from carers: an arrangement such as special guardianship is legal detail.
    pub arrangement: Option<Arrangement>,
    pub needs_notes: Option<String>,
    pub shareable_notes: Option<String>,
    pub da_granted_by: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub da_granted_on: Option<Date>,
    pub da_scope: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub da_review_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Placement {
    pub id: Id,
    pub child_id: Id,
    pub household_id: Id,
    pub household_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub to_on: Option<Date>,
    pub place_code: String,
    pub reason_code: Option<String>,
    pub planned_ending: Option<bool>,
}
