//! Accounts: people who sign in, the roles granted to them, their sessions and API tokens.

pub(crate) mod secret;
mod sessions;
mod tokens;

use domain::access::{Email, NewUser, password};
use domain::{Grant, Id, Place, Role, Scope};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::rows::RowExt;
use crate::{Error, Result, Store};

pub use sessions::{Limits, SignIn};
pub use tokens::ApiToken;

pub(crate) use secret::unix_now;

/// A signed-in person, and the scope their current grants add up to.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub scope: Scope,
}

fn read_grant(row: &AnyRow) -> sqlx::Result<Grant> {
    let role: Role = row.choice("role")?;
    let place = match (
        row.opt_id("service_id")?,
        row.opt_id("constellation_id")?,
        row.opt_id("household_id")?,
    ) {
        (Some(s), _, _) => Place::Service(s),
        (_, Some(c), _) => Place::Constellation(c),
        (_, _, Some(h)) => Place::Household(h),
        _ => Place::Programme,
    };
    Ok(Grant { role, place })
}

fn place_columns(place: Place) -> [Option<String>; 3] {
    match place {
        Place::Programme => [None, None, None],
        Place::Service(s) => [Some(s.to_string()), None, None],
        Place::Constellation(c) => [None, Some(c.to_string()), None],
        Place::Household(h) => [None, None, Some(h.to_string())],
    }
}

impl Store {
    /// Adds an account. The password has been checked against the policy by [`NewUser::parse`].
    #[instrument(skip_all)]
    pub async fn add_user(&self, user: &NewUser) -> Result<Id> {
        if self.user_id(&user.email).await?.is_some() {
            return Err(Error::field("email", "already has an account"));
        }
        let hash = secret::hash_password(user.password.clone()).await?;
        let id = Id::new();
        let now = unix_now();
        sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, password_changed_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(id.to_string())
        .bind(user.email.as_str())
        .bind(&user.name)
        .bind(hash)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                Error::field("email", "already has an account")
            }
            other => other.into(),
        })?;
        Ok(id)
    }

    /// The account with this e-mail address, if any.
    pub async fn user_id(&self, email: &Email) -> Result<Option<Id>> {
        let row = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.id("id")).transpose()?)
    }

    /// Grants a role over a place that exists. Granting what the person already holds changes
    /// nothing.
    #[instrument(skip_all, fields(user = %user))]
    pub async fn grant(&self, user: Id, grant: &Grant) -> Result<()> {
        let everything = Scope::Everything;
        match grant.place {
            Place::Programme => {}
            Place::Service(s) => {
                self.service(&everything, s)
                    .await
                    .map_err(|e| e.or_field("service_id", "is not a service"))?;
            }
            Place::Constellation(c) => {
                self.constellation(&everything, c)
                    .await
                    .map_err(|e| e.or_field("constellation_id", "is not a constellation"))?;
            }
            Place::Household(h) => {
                self.household(&everything, h)
                    .await
                    .map_err(|e| e.or_field("household_id", "is not a household"))?;
            }
        }
        if self.grants_of(user).await?.contains(grant) {
            return Ok(());
        }
        let [service, constellation, household] = place_columns(grant.place);
        sqlx::query(
            "INSERT INTO grants (id, user_id, role, service_id, constellation_id, household_id, granted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(Id::new().to_string())
        .bind(user.to_string())
        .bind(domain::Choice::as_str(grant.role))
        .bind(service)
        .bind(constellation)
        .bind(household)
        .bind(unix_now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Revokes a grant; the row stays, with the time it was revoked.
    #[instrument(skip_all, fields(user = %user))]
    pub async fn revoke(&self, user: Id, grant: &Grant) -> Result<()> {
        let [service, constellation, household] = place_columns(grant.place);
        let done = sqlx::query(
            "UPDATE grants SET revoked_at = $2 WHERE user_id = $1 AND role = $3 AND revoked_at IS NULL \
             AND COALESCE(service_id, '') = COALESCE($4, '') \
             AND COALESCE(constellation_id, '') = COALESCE($5, '') \
             AND COALESCE(household_id, '') = COALESCE($6, '')",
        )
        .bind(user.to_string())
        .bind(unix_now())
        .bind(domain::Choice::as_str(grant.role))
        .bind(service)
        .bind(constellation)
        .bind(household)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::field("role", "is not granted to this person there"));
        }
        Ok(())
    }

    /// A person's current grants.
    pub async fn grants_of(&self, user: Id) -> Result<Vec<Grant>> {
        let rows = sqlx::query(
            "SELECT role, service_id, constellation_id, household_id FROM grants \
             WHERE user_id = $1 AND revoked_at IS NULL ORDER BY granted_at",
        )
        .bind(user.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(read_grant).collect::<sqlx::Result<_>>()?)
    }

    /// Sets a new password and ends every session of the person's except `keep` (the one that
    /// changed it, if any).
    #[instrument(skip_all, fields(user = %user))]
    pub async fn set_password(&self, user: Id, new: &str, keep: Option<&str>) -> Result<()> {
        password::check_new("password", new)?;
        let hash = secret::hash_password(new.to_string()).await?;
        let now = unix_now();
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
        )
        .bind(user.to_string())
        .bind(hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound);
        }
        sqlx::query(
            "UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL AND token_hash <> $3",
        )
        .bind(user.to_string())
        .bind(now)
        .bind(keep.map(secret::hash).unwrap_or_default())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether `password` is the person's current one (asked again before changing it).
    pub async fn password_is(&self, user: Id, password: &str) -> Result<bool> {
        let hash = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.text("password_hash"))
            .transpose()?;
        secret::verify_password(password.to_string(), hash).await
    }

    async fn account(&self, user: Id) -> Result<Account> {
        let row = sqlx::query("SELECT id, email, name FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(Account {
            id: row.id("id")?,
            email: row.text("email")?,
            name: row.text("name")?,
            scope: Scope::Person { id: user, grants: self.grants_of(user).await? },
        })
    }
}
