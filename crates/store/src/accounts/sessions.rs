//! Signing in and out, and the sessions in between. Sessions live in the database, so several
//! servers share them; failed sign-ins are counted there too, so the limit holds across servers.

use domain::Id;
use domain::access::Email;
use tracing::instrument;

use super::secret::{self, unix_now};
use super::{ACCOUNT_COLUMNS, ACCOUNT_JOIN, ACCOUNT_ORDER, Account, account};
use crate::rows::RowExt;
use crate::{Result, Store};

/// Failed sign-ins allowed in the window, per account and per address, before tries wait.
pub const FAILURES_ALLOWED: i64 = 5;
/// The window failed sign-ins are counted over, in seconds.
pub const FAILURE_WINDOW: i64 = 15 * 60;
/// How stale `seen_at` may grow before a request writes it again.
const SEEN_GRANULARITY: i64 = 60;

/// How long a session lasts: ended after `idle` seconds without a request, or `absolute`
/// seconds after it started, whichever comes first.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub idle: i64,
    pub absolute: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { idle: 30 * 60, absolute: 12 * 60 * 60 }
    }
}

/// How a sign-in went. A wrong e-mail address and a wrong password are the same answer.
#[derive(Debug)]
pub enum SignIn {
    /// The right password for this person.
    Right(Id),
    Refused,
    /// Too many failures lately: try again in this many minutes.
    Wait {
        minutes: i64,
    },
}

impl SignIn {
    /// What the person is told when the sign-in did not succeed, the same on the page and from
    /// the API; `None` when it did.
    pub fn refusal(&self) -> Option<String> {
        match self {
            SignIn::Right(_) => None,
            SignIn::Refused => Some(
                "The e-mail address or the password is not right. Check them and try again".into(),
            ),
            SignIn::Wait { minutes } => Some(format!(
                "There have been too many tries to sign in. Wait {minutes} minute{}, then try again",
                if *minutes == 1 { "" } else { "s" }
            )),
        }
    }
}

impl Store {
    /// Checks an e-mail address and password. While the account or the address has failed too
    /// often lately, even the right password waits.
    #[instrument(skip_all)]
    pub async fn sign_in(&self, email: &str, password: &str, address: &str) -> Result<SignIn> {
        // Not an address at all still counts as a failure, kept no longer than an address can be.
        let email = Email::parse(email).map(|e| e.to_string()).unwrap_or_else(|_| {
            // PostgreSQL refuses a NUL in text: control characters are left out of the record.
            email
                .trim()
                .to_lowercase()
                .chars()
                .filter(|c| !c.is_control())
                .take(Email::MAX_CHARS)
                .collect()
        });
        let now = unix_now();
        if let Some(minutes) = self.wait(&email, address, now).await? {
            return Ok(SignIn::Wait { minutes });
        }
        let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *self.read().await?)
            .await?;
        let (user, hash) = match row {
            Some(r) => (Some(r.id("id")?), Some(r.text("password_hash")?)),
            None => (None, None),
        };
        let right = secret::verify_password(password.to_string(), hash).await?;
        let Some(user) = user.filter(|_| right) else {
            self.write_one(
                sqlx::query(
                    "INSERT INTO sign_in_failures (id, email, address, at) VALUES ($1, $2, $3, $4)",
                )
                .bind(Id::new().to_string())
                .bind(&email)
                .bind(address)
                .bind(now),
            )
            .await?;
            return Ok(match self.wait(&email, address, now).await? {
                Some(minutes) => SignIn::Wait { minutes },
                None => SignIn::Refused,
            });
        };
        Ok(SignIn::Right(user))
    }

    /// Starts a new session for a person who has just signed in; the secret goes in the cookie,
    /// and only its hash is stored.
    pub async fn start_session(&self, user: Id) -> Result<String> {
        let token = secret::new_secret("")?;
        self.write_one(sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, started_at, seen_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(secret::hash(&token))
        .bind(user.to_string())
        .bind(unix_now())
        )
        .await?;
        Ok(token)
    }

    /// Minutes to wait before another try, if the account or the address failed too often.
    async fn wait(&self, email: &str, address: &str, now: i64) -> Result<Option<i64>> {
        let since = now - FAILURE_WINDOW;
        let mut oldest_blocking = None;
        for (column, value) in [("email", email), ("address", address)] {
            let rows = sqlx::query(&format!(
                "SELECT at FROM sign_in_failures WHERE {column} = $1 AND at > $2 ORDER BY at DESC LIMIT {FAILURES_ALLOWED}"
            ))
            .bind(value)
            .bind(since)
            .fetch_all(&mut *self.read().await?)
            .await?;
            if rows.len() as i64 >= FAILURES_ALLOWED {
                // Tries wait until the fifth most recent failure leaves the window.
                let at = rows.last().map(|r| r.int("at")).transpose()?.unwrap_or(now);
                oldest_blocking = Some(oldest_blocking.map_or(at, |o: i64| o.max(at)));
            }
        }
        Ok(oldest_blocking
            .map(|at| ((at + FAILURE_WINDOW - now) as f64 / 60.0).ceil().max(1.0) as i64))
    }

    /// The account a session belongs to, if the session is still open. A session idle too long
    /// or too old is ended here.
    pub async fn session(&self, token: &str, limits: Limits) -> Result<Option<Account>> {
        let hash = secret::hash(token);
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, x.started_at, x.seen_at FROM sessions x {ACCOUNT_JOIN} \
             WHERE x.token_hash = $1 AND x.ended_at IS NULL {ACCOUNT_ORDER}"
        );
        let rows = sqlx::query(&sql).bind(&hash).fetch_all(&mut *self.read().await?).await?;
        let Some(row) = rows.first() else { return Ok(None) };
        let now = unix_now();
        let (started, seen) = (row.int("started_at")?, row.int("seen_at")?);
        if now - seen > limits.idle || now - started > limits.absolute {
            self.end_session(token).await?;
            return Ok(None);
        }
        if now - seen > SEEN_GRANULARITY {
            self.write_one(
                sqlx::query("UPDATE sessions SET seen_at = $2 WHERE token_hash = $1")
                    .bind(&hash)
                    .bind(now),
            )
            .await?;
        }
        account(&rows)
    }

    /// Signs out: the session cannot be used again.
    pub async fn end_session(&self, token: &str) -> Result<()> {
        self.write_one(
            sqlx::query(
                "UPDATE sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL",
            )
            .bind(secret::hash(token))
            .bind(unix_now()),
        )
        .await?;
        Ok(())
    }

    /// Moves a session's clock back, as if `seconds` had passed; for testing the time limits.
    #[doc(hidden)]
    pub async fn age_session(&self, token: &str, seconds: i64) -> Result<()> {
        self.write_one(sqlx::query(
            "UPDATE sessions SET started_at = started_at - $2, seen_at = seen_at - $2 WHERE token_hash = $1",
        )
        .bind(secret::hash(token))
        .bind(seconds)
        )
        .await?;
        Ok(())
    }
}
