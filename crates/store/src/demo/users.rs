//! The demo's accounts: one per role, over the demo's first service. Only demo mode makes them,
//! and each start-up in demo mode gives them new random passwords to print.

use domain::access::{Email, NewUser};
use domain::{Grant, Place, Role, Scope};

use crate::accounts::secret::new_secret;
use crate::rows::RowExt;
use crate::{Result, Store};

/// Demo accounts' e-mail addresses end with this (a reserved name that can never receive mail).
pub const DEMO_DOMAIN: &str = "demo.constellate.invalid";

/// One demo account's sign-in.
#[derive(Debug, Clone)]
pub struct DemoSignIn {
    pub email: String,
    pub role: Role,
    pub password: String,
}

const ACCOUNTS: [(&str, &str, Role); 5] = [
    ("lead", "Demo Programme Lead", Role::ProgrammeLead),
    ("manager", "Demo Service Manager", Role::ServiceManager),
    ("liaison", "Demo Liaison Worker", Role::LiaisonWorker),
    ("hub", "Demo Hub Carer", Role::HubCarer),
    ("satellite", "Demo Satellite Carer", Role::SatelliteCarer),
];

impl Store {
    /// Demo mode only. With `create`, makes the demo accounts over the first service that has
    /// a constellation with a hub and a satellite today; then gives every demo account a new
    /// password, and returns the sign-ins to print.
    pub async fn demo_sign_ins(&self, create: bool) -> Result<Vec<DemoSignIn>> {
        if create {
            self.make_demo_accounts().await?;
        }
        let mut sign_ins = Vec::new();
        for (name, _, role) in ACCOUNTS {
            let email = Email::parse(&format!("{name}@{DEMO_DOMAIN}")).expect("a valid address");
            let Some(user) = self.user_id(&email).await? else { continue };
            let password = new_secret("")?.chars().take(16).collect::<String>();
            self.set_password(&Scope::Everything, user, &password, None).await?;
            sign_ins.push(DemoSignIn { email: email.to_string(), role, password });
        }
        Ok(sign_ins)
    }

    async fn make_demo_accounts(&self) -> Result<()> {
        let today = domain::Date::today().to_string();
        let row = sqlx::query(
            "SELECT c.service_id, c.id AS constellation_id, s.household_id AS satellite_id \
             FROM constellations c \
             JOIN memberships hub ON hub.constellation_id = c.id AND hub.role = 'hub' \
               AND hub.from_on <= $1 AND (hub.to_on IS NULL OR hub.to_on >= $1) \
             JOIN memberships s ON s.constellation_id = c.id AND s.role = 'satellite' \
               AND s.from_on <= $1 AND (s.to_on IS NULL OR s.to_on >= $1) \
             ORDER BY c.service_id, c.name, s.household_id LIMIT 1",
        )
        .bind(&today)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        let Some(row) = row else { return Ok(()) };
        let (service, constellation, satellite) =
            (row.id("service_id")?, row.id("constellation_id")?, row.id("satellite_id")?);
        for (name, full_name, role) in ACCOUNTS {
            let place = match role {
                Role::ProgrammeLead => Place::Programme,
                Role::ServiceManager => Place::Service(service),
                Role::LiaisonWorker | Role::HubCarer => Place::Constellation(constellation),
                Role::SatelliteCarer => Place::Household(satellite),
            };
            let email = format!("{name}@{DEMO_DOMAIN}");
            let placeholder = new_secret("")?;
            let new = NewUser::parse(&email, full_name, &placeholder)?;
            let user = match self.user_id(&new.email).await? {
                Some(user) => user,
                None => self.add_user(&Scope::Everything, &new).await?,
            };
            self.grant(&Scope::Everything, user, &Grant { role, place }).await?;
        }
        Ok(())
    }
}
