//! Private calendar addresses: a secret in the address, kept only as its hash, revocable.

use domain::{Id, Scope};

use super::{ACCOUNT_COLUMNS, ACCOUNT_JOIN, ACCOUNT_ORDER, Account, account, secret};
use crate::{Error, Result, Store, now};

impl Store {
    /// A new calendar secret for the caller, shown once.
    pub async fn create_feed(&self, scope: &Scope) -> Result<String> {
        let user = scope.person().ok_or(Error::NotFound)?;
        let secret = secret::new_secret("cal_")?;
        self.write_one(sqlx::query(
            "INSERT INTO calendar_feeds (id, user_id, secret_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(Id::new().to_string())
        .bind(user.to_string())
        .bind(secret::hash(&secret))
        .bind(now())
        )
        .await?;
        Ok(secret)
    }

    /// Revokes every calendar address of the caller's.
    pub async fn revoke_feeds(&self, scope: &Scope) -> Result<()> {
        let user = scope.person().ok_or(Error::NotFound)?;
        self.write_one(sqlx::query(
            "UPDATE calendar_feeds SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user.to_string())
        .bind(now())
        )
        .await?;
        Ok(())
    }

    /// The account a calendar secret belongs to, if it is not revoked.
    pub async fn feed_account(&self, secret: &str) -> Result<Option<Account>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM calendar_feeds x {ACCOUNT_JOIN} \
             WHERE x.secret_hash = $1 AND x.revoked_at IS NULL {ACCOUNT_ORDER}"
        );
        let rows = sqlx::query(&sql)
            .bind(secret::hash(secret))
            .fetch_all(&mut *self.read().await?)
            .await?;
        account(&rows)
    }
}
