//! The mail outbox. A message is written in the same transaction as the change it tells of, so
//! it is neither lost nor sent for a change that was rolled back; a sender claims and sends it.

use domain::sleepovers::{Notice, NotificationChoices};
use domain::{Id, Scope};

use crate::rows::RowExt;
use crate::write::Write;
use crate::{Backend, Error, Result, Store, now};

/// A message waiting to be sent.
#[derive(Debug, Clone)]
pub struct Mail {
    pub id: Id,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The path of the record it is about, for the sender to make a full link.
    pub link: Option<String>,
}

/// A claim older than this is taken to belong to a sender that stopped.
const CLAIM_SECONDS: i64 = 300;
/// A message that failed this many times is left for a person to look at.
const MOST_ATTEMPTS: i64 = 10;

/// Queues one message to each address, with the write's other deferred statements.
pub(crate) fn queue(tx: &mut Write, to: &[String], notice: &Notice, link: &str) {
    for address in to {
        tx.defer(
            "INSERT INTO mail_outbox (id, to_address, subject, body, link, created_at, attempts) \
             VALUES ($1, $2, $3, $4, $5, $6, 0)",
            vec![
                Id::new().to_string().into(),
                address.as_str().into(),
                notice.subject.as_str().into(),
                notice.body.as_str().into(),
                link.into(),
                now().into(),
            ],
        );
    }
}

fn stamp_before(seconds: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_secs(seconds)).to_string()
}

impl Store {
    /// Claims up to `limit` waiting messages for this sender, oldest first. Two senders never
    /// claim the same message: the claim is one conditional update, whose conditions are
    /// checked again on each row it changes. On PostgreSQL a sender passes over the messages
    /// another is claiming at that moment, rather than waiting to find them taken; the messages
    /// picked are picked once (`MATERIALIZED`), so a claim never takes more than `limit`.
    pub async fn claim_mail(&self, limit: i64) -> Result<Vec<Mail>> {
        const WAITING: &str =
            "sent_at IS NULL AND attempts < $1 AND (claimed_at IS NULL OR claimed_at < $2)";
        let skip = match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        };
        let mut write = self.write().await?;
        let rows = sqlx::query(&format!(
            "WITH picked AS MATERIALIZED \
             (SELECT id FROM mail_outbox WHERE {WAITING} ORDER BY created_at LIMIT $4 {skip}) \
             UPDATE mail_outbox SET claimed_at = $3, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM picked) AND {WAITING} \
             RETURNING id, to_address, subject, body, link, created_at"
        ))
        .bind(MOST_ATTEMPTS)
        .bind(stamp_before(CLAIM_SECONDS))
        .bind(now())
        .bind(limit)
        .fetch_all(&mut *write)
        .await?;
        write.commit().await?;
        let mut claimed = rows
            .iter()
            .map(|row| {
                let mail = Mail {
                    id: row.id("id")?,
                    to: row.text("to_address")?,
                    subject: row.text("subject")?,
                    body: row.text("body")?,
                    link: row.opt_text("link")?,
                };
                Ok((row.text("created_at")?, mail))
            })
            .collect::<sqlx::Result<Vec<_>>>()?;
        claimed.sort_by(|a, b| (&a.0, a.1.id).cmp(&(&b.0, b.1.id)));
        Ok(claimed.into_iter().map(|(_, mail)| mail).collect())
    }

    pub async fn mail_sent(&self, id: Id) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE mail_outbox SET sent_at = $2, last_error = NULL WHERE id = $1")
                .bind(id.to_string())
                .bind(now()),
        )
        .await?;
        Ok(())
    }

    /// Leaves a message to be tried again after the claim runs out.
    pub async fn mail_failed(&self, id: Id, error: &str) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE mail_outbox SET last_error = $2 WHERE id = $1")
                .bind(id.to_string())
                .bind(error.chars().take(500).collect::<String>()),
        )
        .await?;
        Ok(())
    }

    /// Messages not yet sent, for the command line and tests.
    pub async fn mail_waiting(&self) -> Result<i64> {
        let row = sqlx::query("SELECT count(*) AS n FROM mail_outbox WHERE sent_at IS NULL")
            .fetch_one(&mut *self.read().await?)
            .await?;
        Ok(row.int("n")?)
    }

    pub async fn notification_choices(&self, scope: &Scope) -> Result<NotificationChoices> {
        let user = scope.person().ok_or(Error::NotFound)?;
        let row = sqlx::query(
            "SELECT requests, answers, emergencies, red_flags FROM notification_choices \
             WHERE user_id = $1",
        )
        .bind(user.to_string())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        let Some(row) = row else { return Ok(NotificationChoices::default()) };
        Ok(NotificationChoices {
            requests: row.int("requests")? != 0,
            answers: row.int("answers")? != 0,
            emergencies: row.int("emergencies")? != 0,
            red_flags: row.int("red_flags")? != 0,
        })
    }

    pub async fn set_notification_choices(
        &self,
        scope: &Scope,
        choices: &NotificationChoices,
    ) -> Result<NotificationChoices> {
        let user = scope.person().ok_or(Error::NotFound)?;
        self.write_one(sqlx::query(
            "INSERT INTO notification_choices (user_id, requests, answers, emergencies, red_flags, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET \
             requests = excluded.requests, answers = excluded.answers, \
             emergencies = excluded.emergencies, red_flags = excluded.red_flags, \
             updated_at = excluded.updated_at",
        )
        .bind(user.to_string())
        .bind(i64::from(choices.requests))
        .bind(i64::from(choices.answers))
        .bind(i64::from(choices.emergencies))
        .bind(i64::from(choices.red_flags))
        .bind(now())
        )
        .await?;
        self.notification_choices(scope).await
    }
}
