//! What of a person's record each role is shown (DESIGN §4). Staff see records whole; carers
//! see first names, whether delegated authority is in place, and the notes the service marks
//! shareable; the programme lead sees no one's name at all.

use super::{Role, Scope};
use crate::registry::{Carer, Child, Constellation, Household, Membership};

/// How much of people's records a scope shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Whole,
    FirstNames,
    NoNames,
}

impl Scope {
    /// The view of a record no staff grant of the caller's reaches: first names for carers,
    /// no names for anyone else. A record a staff grant reaches is shown whole; which grants
    /// reach a record is the store's to say, row by row.
    pub fn view_without_staff(&self) -> View {
        match self {
            Scope::Everything => View::Whole,
            Scope::Person { grants, .. } => {
                if grants.iter().any(|g| matches!(g.role, Role::HubCarer | Role::SatelliteCarer)) {
                    View::FirstNames
                } else {
                    View::NoNames
                }
            }
        }
    }
}

/// The first names of a name or a household's name: all but the family name at the end.
pub fn first_names(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., _family] => rest.join(" "),
    }
}

/// A record shown to someone who may see only part of it.
pub trait Redact {
    fn redact(self, view: View) -> Self;
}

impl View {
    /// A name as this view shows it: whole, its first names, or nothing.
    pub fn name(self, name: String) -> String {
        match self {
            View::Whole => name,
            View::FirstNames => first_names(&name),
            View::NoNames => String::new(),
        }
    }
}

impl Redact for Constellation {
    fn redact(self, view: View) -> Self {
        let hub_name = match view {
            View::NoNames => None,
            _ => self.hub_name.map(|n| view.name(n)),
        };
        Constellation { hub_name, ..self }
    }
}

impl Redact for Household {
    fn redact(self, view: View) -> Self {
        if view == View::Whole {
            return self;
        }
        Household { display_name: view.name(self.display_name), postcode: String::new(), ..self }
    }
}

impl Redact for Membership {
    fn redact(self, view: View) -> Self {
        Membership { household_name: view.name(self.household_name), ..self }
    }
}

impl Redact for Carer {
    fn redact(self, view: View) -> Self {
        if view == View::Whole {
            return self;
        }
        Carer {
            name: view.name(self.name),
            household_name: view.name(self.household_name),
            approval_end_reason: None,
            ..self
        }
    }
}

impl Redact for Child {
    fn redact(self, view: View) -> Self {
        if view == View::Whole {
            return self;
        }
        Child {
            name: view.name(self.name),
            household_name: self.household_name.map(|n| view.name(n)),
            birth_month: String::new(),
            arrangement: None,
            needs_notes: None,
            da_granted_by: None,
            da_scope: None,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Grant, Id, Place};

    #[test]
    fn first_names_drop_the_family_name() {
        assert_eq!(first_names("Alfie and Zara Coldford"), "Alfie and Zara");
        assert_eq!(first_names("Marlowe Finch"), "Marlowe");
        assert_eq!(first_names("Juniper"), "Juniper");
    }

    #[test]
    fn each_role_has_its_view() {
        let one =
            |role, place| Scope::Person { id: Id::new(), grants: vec![Grant { role, place }] };
        let hub = one(Role::HubCarer, Place::Constellation(Id::new()));
        assert_eq!(hub.view_without_staff(), View::FirstNames);
        assert_eq!(one(Role::ProgrammeLead, Place::Programme).view_without_staff(), View::NoNames);
        let nobody = Scope::Person { id: Id::new(), grants: vec![] };
        assert_eq!(nobody.view_without_staff(), View::NoNames);
        assert!(Role::LiaisonWorker.is_staff() && !Role::HubCarer.is_staff());
    }
}
