//! Accounts: people who sign in, the roles granted to them, their sessions and API tokens.

mod feeds;
mod grants;
pub(crate) mod secret;
mod sessions;
mod tokens;

use domain::access::{Email, NewUser, password};
use domain::{Id, Scope};
use tracing::instrument;

use sqlx::any::AnyRow;

use crate::audit::{self, Record};
use crate::rows::RowExt;
use crate::{Error, Result, Store};

pub use sessions::{Limits, SignIn};
pub use tokens::ApiToken;

/// What an account is read from, in one query with what found it (`x`, a table of rows naming a
/// `user_id`): the person, and each current grant as a row of its own (no grants: one row, with
/// no role).
const ACCOUNT_COLUMNS: &str =
    "u.id AS user_id, u.email, u.name, g.role, g.service_id, g.constellation_id, g.household_id";
const ACCOUNT_JOIN: &str = "JOIN users u ON u.id = x.user_id \
    LEFT JOIN grants g ON g.user_id = u.id AND g.revoked_at IS NULL";
const ACCOUNT_ORDER: &str = "ORDER BY g.granted_at";

pub(crate) use secret::unix_now;

/// A signed-in person, and the scope their current grants add up to.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub scope: Scope,
}

impl Store {
    /// Adds an account. The password has been checked against the policy by [`NewUser::parse`].
    #[instrument(skip_all)]
    pub async fn add_user(&self, by: &Scope, user: &NewUser) -> Result<Id> {
        if self.user_id(&user.email).await?.is_some() {
            return Err(Error::field("email", "already has an account"));
        }
        let hash = secret::hash_password(user.password.clone()).await?;
        let id = Id::new();
        let now = unix_now();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, password_changed_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(id.to_string())
        .bind(user.email.as_str())
        .bind(&user.name)
        .bind(hash)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                Error::field("email", "already has an account")
            }
            other => other.into(),
        })?;
        audit::created_in(&mut tx, by, Record::User, id, None).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The account with this e-mail address, if any.
    pub async fn user_id(&self, email: &Email) -> Result<Option<Id>> {
        let row = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        Ok(row.map(|r| r.id("id")).transpose()?)
    }

    /// Sets a new password and ends every session of the person's except `keep` (the one that
    /// changed it, if any).
    #[instrument(skip_all, fields(user = %user))]
    pub async fn set_password(
        &self,
        by: &Scope,
        user: Id,
        new: &str,
        keep: Option<&str>,
    ) -> Result<()> {
        password::check_new("password", new)?;
        let hash = secret::hash_password(new.to_string()).await?;
        let now = unix_now();
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::User, user).await?;
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
        audit::changed_in(&mut tx, by, "update", Record::User, user, None, before).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether `password` is the person's current one (asked again before changing it).
    pub async fn password_is(&self, user: Id, password: &str) -> Result<bool> {
        let hash = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?
            .map(|r| r.text("password_hash"))
            .transpose()?;
        secret::verify_password(password.to_string(), hash).await
    }
}

/// The account read with [`ACCOUNT_COLUMNS`], if any row was found.
fn account(rows: &[AnyRow]) -> Result<Option<Account>> {
    let Some(first) = rows.first() else { return Ok(None) };
    let user = first.id("user_id")?;
    let mut grants = Vec::new();
    for row in rows {
        if row.opt_text("role")?.is_some() {
            grants.push(grants::read_grant(row)?);
        }
    }
    Ok(Some(Account {
        id: user,
        email: first.text("email")?,
        name: first.text("name")?,
        scope: Scope::Person { id: user, grants },
    }))
}
