//! A person's account: their e-mail address, name, and the roles granted to them.

use serde::Deserialize;

use super::{Grant, Place, Role, password};
use crate::check::loose;
use crate::{Check, Choice, Error};

/// An e-mail address, trimmed and lower-cased, so one person has one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim().to_lowercase();
        let (local, domain) = text.split_once('@').unwrap_or_default();
        if text.is_empty() {
            Err("is required".into())
        } else if text.chars().count() > Self::MAX_CHARS {
            Err(format!("must be {} characters or fewer", Self::MAX_CHARS))
        } else if local.is_empty()
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || text.chars().any(|c| c.is_whitespace() || c.is_control())
            || domain.contains('@')
        {
            Err("must be an e-mail address, like name@example.org".into())
        } else {
            Ok(Email(text))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new account, before its password is hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub password: String,
}

impl NewUser {
    pub fn parse(email: &str, name: &str, password: &str) -> Result<Self, Error> {
        let mut check = Check::new();
        let email = match Email::parse(email) {
            Ok(email) => Some(email),
            Err(message) => {
                check.push("email", message);
                None
            }
        };
        let name = check.text("name", &Some(name.to_string()), 120);
        if let Err(error) = password::check_new("password", password) {
            for f in error.fields() {
                check.push(&f.field, f.message.clone());
            }
        }
        check.finish()?;
        let email = email.expect("checked above");
        Ok(NewUser { email, name, password: password.to_string() })
    }
}

/// A role to grant, with the one place it applies to.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantInput {
    #[serde(default, deserialize_with = "loose")]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub service_id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub constellation_id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
}

impl Grant {
    /// Reads a grant: each role takes exactly the place it is granted over, and no other.
    pub fn parse(input: &GrantInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let role: Role = check.choice("role", &input.role);
        let service = check.opt_id("service_id", &input.service_id);
        let constellation = check.opt_id("constellation_id", &input.constellation_id);
        let household = check.opt_id("household_id", &input.household_id);
        check.finish()?;
        let place = match (role, service, constellation, household) {
            (Role::ProgrammeLead, None, None, None) => Place::Programme,
            (Role::ServiceManager, Some(s), None, None) => Place::Service(s),
            (Role::LiaisonWorker | Role::HubCarer, None, Some(c), None) => Place::Constellation(c),
            (Role::SatelliteCarer, None, None, Some(h)) => Place::Household(h),
            _ => {
                let needs = match role {
                    Role::ProgrammeLead => "takes no service, constellation or household",
                    Role::ServiceManager => "needs a service, and nothing else",
                    Role::LiaisonWorker | Role::HubCarer => {
                        "needs a constellation, and nothing else"
                    }
                    Role::SatelliteCarer => "needs a household, and nothing else",
                };
                return Err(Error::field("role", format!("{}: this role {needs}", role.as_str())));
            }
        };
        Ok(Grant { role, place })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn an_email_address_is_trimmed_and_lower_cased() {
        assert_eq!(Email::parse("  Robin@Example.ORG ").unwrap().as_str(), "robin@example.org");
        for bad in ["", "robin", "robin@", "@example.org", "robin@example", "ro bin@example.org"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn each_role_takes_the_place_it_is_granted_over() {
        let c = Id::new().to_string();
        let liaison = GrantInput {
            role: Some("liaison_worker".into()),
            constellation_id: Some(c.clone()),
            ..Default::default()
        };
        assert_eq!(Grant::parse(&liaison).unwrap().role, Role::LiaisonWorker);
        let wrong = GrantInput { role: Some("service_manager".into()), ..liaison };
        let error = Grant::parse(&wrong).unwrap_err();
        assert!(error.fields()[0].message.contains("needs a service"), "{error:?}");
        let lead = GrantInput { role: Some("programme_lead".into()), ..Default::default() };
        assert_eq!(Grant::parse(&lead).unwrap().place, Place::Programme);
    }

    #[test]
    fn a_new_user_names_every_bad_field() {
        let error = NewUser::parse("nobody", "", "short").unwrap_err();
        let fields: Vec<_> = error.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["email", "name", "password"]);
    }
}
