//! Who may see and do what (DESIGN §4): roles granted over a service, a constellation or a
//! household, and the scope a caller's grants add up to.

mod account;
pub mod password;
mod redact;

pub use account::{Email, GrantInput, NewUser};
pub use redact::{Redact, View, first_names};

use crate::{Id, choice};

choice!(
    /// A role of DESIGN §4. Each is granted over one kind of place.
    Role {
        ProgrammeLead => "programme_lead", "Programme lead";
        ServiceManager => "service_manager", "Service manager";
        LiaisonWorker => "liaison_worker", "Liaison worker";
        HubCarer => "hub_carer", "Hub carer";
        SatelliteCarer => "satellite_carer", "Satellite carer";
    }
);

/// How sensitive a kind of record is, for who may reach it at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    /// Services and constellations: the programme lead sees these too.
    Programme,
    /// Households, carers, children and memberships: the people of a service.
    People,
    /// Placements: legal detail, for the service's staff only.
    Legal,
    /// One-to-one support contacts: what a carer confided, for the staff and the hub carers who
    /// give the support, not for the other satellite carers.
    Support,
}

impl Role {
    /// The service's own staff, who see the records they reach whole.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::ServiceManager | Role::LiaisonWorker)
    }

    /// Whether the role reaches records of this sensitivity anywhere it is granted.
    pub fn sees(self, sensitivity: Sensitivity) -> bool {
        match self {
            Role::ProgrammeLead => sensitivity == Sensitivity::Programme,
            Role::ServiceManager | Role::LiaisonWorker => true,
            Role::HubCarer => sensitivity != Sensitivity::Legal,
            Role::SatelliteCarer => {
                !matches!(sensitivity, Sensitivity::Legal | Sensitivity::Support)
            }
        }
    }
}

/// Where a grant applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Programme,
    Service(Id),
    Constellation(Id),
    Household(Id),
}

/// One role over one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub place: Place,
}

/// The caller's reach over the data. Every store read takes one and filters by it in SQL; every
/// write asks it whether the caller holds the power.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Everything: the command line and the demo, never a signed-in person.
    Everything,
    /// A signed-in person and their current grants. No grants reach nothing.
    Person { id: Id, grants: Vec<Grant> },
}

/// What a write needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Power {
    /// Add a service to the programme.
    AddService,
    /// Set the unit costs and what the programme costs: the programme lead's.
    SetCosts,
    /// Change a service's own record.
    ChangeService(Id),
    /// Shape a service: its constellations, households and memberships.
    ManageService(Id),
    /// Keep the records of the households the caller can see: carers, children, placements.
    KeepRecords(Id),
    /// Ask for a sleepover for the children of `household`.
    Ask { service: Id, household: Id },
    /// Answer sleepovers at `household`, and mark its nights unavailable; `hub_of` is the
    /// constellation whose hub it is, if it is one.
    Host { service: Id, household: Id, hub_of: Option<Id> },
    /// Let a request break the service's sleepover rules, with a reason.
    Override(Id),
    /// Run a constellation's support: log one-to-one contacts, hold events and raise concerns
    /// about a household of `constellation` (its current one).
    Support { service: Id, constellation: Option<Id> },
    /// Close a concern about a household of `constellation`: its liaison worker only.
    CloseConcern(Option<Id>),
}

impl Scope {
    pub fn grants(&self) -> &[Grant] {
        match self {
            Scope::Everything => &[],
            Scope::Person { grants, .. } => grants,
        }
    }

    /// The person acting, or `None` for the command line.
    pub fn person(&self) -> Option<Id> {
        match self {
            Scope::Everything => None,
            Scope::Person { id, .. } => Some(*id),
        }
    }

    fn holds(&self, test: impl Fn(&Grant) -> bool) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Person { grants, .. } => grants.iter().any(test),
        }
    }

    fn lives_in(&self, household: Id) -> bool {
        self.holds(|g| g.role == Role::SatelliteCarer && g.place == Place::Household(household))
    }

    fn manages(&self, service: Id) -> bool {
        self.holds(|g| g.role == Role::ServiceManager && g.place == Place::Service(service))
    }

    /// Whether the caller holds `power`. Reach is checked separately, by reading the record
    /// through the scope first: a liaison worker keeps records only of households they can see.
    pub fn may(&self, power: Power) -> bool {
        match power {
            Power::AddService | Power::SetCosts => self.holds(|g| g.role == Role::ProgrammeLead),
            Power::ChangeService(s) => {
                self.manages(s) || self.holds(|g| g.role == Role::ProgrammeLead)
            }
            Power::ManageService(s) => self.manages(s),
            Power::KeepRecords(s) | Power::Override(s) => {
                self.manages(s) || self.holds(|g| g.role == Role::LiaisonWorker)
            }
            Power::Ask { service, household } => {
                self.may(Power::KeepRecords(service)) || self.lives_in(household)
            }
            Power::Host { service, household, hub_of } => {
                self.may(Power::KeepRecords(service))
                    || self.lives_in(household)
                    || hub_of.is_some_and(|c| self.is_hub_carer_of(c))
            }
            Power::Support { service, constellation } => {
                self.may(Power::KeepRecords(service))
                    || constellation.is_some_and(|c| self.is_hub_carer_of(c))
            }
            Power::CloseConcern(constellation) => constellation.is_some_and(|c| {
                self.holds(|g| g.role == Role::LiaisonWorker && g.place == Place::Constellation(c))
            }),
        }
    }

    fn is_hub_carer_of(&self, constellation: Id) -> bool {
        self.holds(|g| g.role == Role::HubCarer && g.place == Place::Constellation(constellation))
    }

    /// Whether the caller runs a constellation's support anywhere: logs contacts and holds
    /// events. The service's staff and hub carers do.
    pub fn runs_support(&self) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Person { grants, .. } => {
                grants.iter().any(|g| g.role.sees(Sensitivity::Support))
            }
        }
    }

    /// Whether the caller reads the national roll-up of monthly returns: the programme lead and
    /// the services' managers (and the command line).
    pub fn reads_rollup(&self) -> bool {
        self.holds(|g| matches!(g.role, Role::ProgrammeLead | Role::ServiceManager))
    }

    /// Whether the caller is a carer (of a hub or a satellite household): who answers the
    /// carers' survey.
    pub fn is_carer(&self) -> bool {
        self.grants().iter().any(|g| matches!(g.role, Role::HubCarer | Role::SatelliteCarer))
    }

    /// The one household the caller is a satellite carer of, if exactly one.
    pub fn own_household(&self) -> Option<Id> {
        let mut homes = self.grants().iter().filter_map(|g| match (g.role, g.place) {
            (Role::SatelliteCarer, Place::Household(h)) => Some(h),
            _ => None,
        });
        match (homes.next(), homes.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// The services whose audit log the caller reads: those they manage. `None` for the command
    /// line, which reads every service's.
    pub fn managed_services(&self) -> Option<Vec<Id>> {
        let Scope::Person { grants, .. } = self else { return None };
        let managed = grants.iter().filter(|g| g.role == Role::ServiceManager);
        Some(
            managed
                .filter_map(|g| match g.place {
                    Place::Service(s) => Some(s),
                    _ => None,
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(role: Role, place: Place) -> Scope {
        Scope::Person { id: Id::new(), grants: vec![Grant { role, place }] }
    }

    #[test]
    fn only_a_service_manager_shapes_their_own_service() {
        let service = Id::new();
        let manager = scope(Role::ServiceManager, Place::Service(service));
        assert!(manager.may(Power::ManageService(service)));
        assert!(!manager.may(Power::ManageService(Id::new())));
        assert!(
            !scope(Role::LiaisonWorker, Place::Constellation(Id::new()))
                .may(Power::ManageService(service))
        );
        assert!(Scope::Everything.may(Power::ManageService(service)));
    }

    #[test]
    fn carers_and_the_programme_lead_keep_no_registry_records() {
        let service = Id::new();
        for (role, place) in [
            (Role::HubCarer, Place::Constellation(Id::new())),
            (Role::SatelliteCarer, Place::Household(Id::new())),
            (Role::ProgrammeLead, Place::Programme),
        ] {
            assert!(!scope(role, place).may(Power::KeepRecords(service)), "{role:?}");
        }
        assert!(
            scope(Role::LiaisonWorker, Place::Constellation(Id::new()))
                .may(Power::KeepRecords(service))
        );
    }

    #[test]
    fn a_satellite_asks_for_its_own_children_and_the_hub_carer_answers_for_the_hub() {
        let (service, home, hub, constellation) = (Id::new(), Id::new(), Id::new(), Id::new());
        let satellite = scope(Role::SatelliteCarer, Place::Household(home));
        assert!(satellite.may(Power::Ask { service, household: home }));
        assert!(!satellite.may(Power::Ask { service, household: Id::new() }));
        assert!(!satellite.may(Power::Override(service)));
        let hub_carer = scope(Role::HubCarer, Place::Constellation(constellation));
        let host = Power::Host { service, household: hub, hub_of: Some(constellation) };
        assert!(hub_carer.may(host));
        assert!(!satellite.may(host));
        assert!(!hub_carer.may(Power::Host { service, household: home, hub_of: None }));
        assert!(!hub_carer.may(Power::Ask { service, household: home }));
        let liaison = scope(Role::LiaisonWorker, Place::Constellation(constellation));
        assert!(liaison.may(Power::Override(service)) && liaison.may(host));
    }

    #[test]
    fn support_is_logged_by_staff_and_the_hub_carer_and_read_by_no_satellite() {
        let (service, constellation) = (Id::new(), Id::new());
        let power = Power::Support { service, constellation: Some(constellation) };
        assert!(scope(Role::HubCarer, Place::Constellation(constellation)).may(power));
        assert!(!scope(Role::HubCarer, Place::Constellation(Id::new())).may(power));
        assert!(!scope(Role::SatelliteCarer, Place::Household(Id::new())).may(power));
        assert!(scope(Role::LiaisonWorker, Place::Constellation(Id::new())).may(power));
        assert!(Role::HubCarer.sees(Sensitivity::Support));
        assert!(!Role::SatelliteCarer.sees(Sensitivity::Support));
        assert!(!Role::ProgrammeLead.sees(Sensitivity::Support));
    }

    #[test]
    fn the_programme_lead_adds_services_but_sees_no_people() {
        let lead = scope(Role::ProgrammeLead, Place::Programme);
        assert!(lead.may(Power::AddService));
        assert!(!lead.grants().iter().any(|g| g.role.sees(Sensitivity::People)));
        assert!(!Scope::Person { id: Id::new(), grants: vec![] }.may(Power::AddService));
    }
}
