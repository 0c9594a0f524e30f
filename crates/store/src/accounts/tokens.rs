//! API tokens for integrations: shown once, stored hashed, with an expiry, and revocable.

use domain::Id;
use serde::Serialize;
use tracing::instrument;

use super::secret::{self, unix_now};
use super::{ACCOUNT_COLUMNS, ACCOUNT_JOIN, ACCOUNT_ORDER, Account, account};
use crate::rows::RowExt;
use crate::{Error, Result, Store};

/// The longest a token may last, in days.
pub const MAX_DAYS: i64 = 366;

/// A token as listed: never the secret itself.
#[derive(Debug, Clone, Serialize)]
pub struct ApiToken {
    pub id: Id,
    pub name: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

impl Store {
    /// Makes a token for `user`, lasting `days`; returns it with its one showing of the secret.
    pub async fn create_token(
        &self,
        user: Id,
        name: &str,
        days: i64,
    ) -> Result<(ApiToken, String)> {
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(Error::field("days", format!("must be 1 to {MAX_DAYS}")));
        }
        self.create_token_lasting(user, name, days * 24 * 60 * 60).await
    }

    /// Makes a token for `user`, lasting `seconds` (a session's length, for signing in through
    /// the API); returns it with its one showing of the secret.
    #[instrument(skip_all, fields(user = %user))]
    pub async fn create_token_lasting(
        &self,
        user: Id,
        name: &str,
        seconds: i64,
    ) -> Result<(ApiToken, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(Error::field("name", "is required, up to 80 characters"));
        }
        let secret = secret::new_secret("cst_")?;
        let now = unix_now();
        let token = ApiToken {
            id: Id::new(),
            name: name.to_string(),
            created_at: now,
            expires_at: now + seconds.clamp(1, MAX_DAYS * 24 * 60 * 60),
            revoked_at: None,
        };
        self.write_one(
            sqlx::query(
                "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token.id.to_string())
            .bind(user.to_string())
            .bind(&token.name)
            .bind(secret::hash(&secret))
            .bind(token.created_at)
            .bind(token.expires_at),
        )
        .await?;
        Ok((token, secret))
    }

    /// A person's tokens, newest first.
    pub async fn tokens_of(&self, user: Id) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = $1 \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(user.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.id("id")?,
                    name: r.text("name")?,
                    created_at: r.int("created_at")?,
                    expires_at: r.int("expires_at")?,
                    revoked_at: r.opt_int("revoked_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of the person's own tokens.
    pub async fn revoke_token(&self, user: Id, token: Id) -> Result<()> {
        let done = self.write_one(sqlx::query(
            "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        )
        .bind(token.to_string())
        .bind(user.to_string())
        .bind(unix_now())
        )
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound);
        }
        Ok(())
    }

    /// The account a bearer token belongs to, if it is current.
    pub async fn token_account(&self, secret: &str) -> Result<Option<Account>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM api_tokens x {ACCOUNT_JOIN} \
             WHERE x.token_hash = $1 AND x.revoked_at IS NULL AND x.expires_at > $2 {ACCOUNT_ORDER}"
        );
        let rows = sqlx::query(&sql)
            .bind(secret::hash(secret))
            .bind(unix_now())
            .fetch_all(&mut *self.read().await?)
            .await?;
        account(&rows)
    }
}
