//! A service's sleepover rules: the defaults until its manager sets its own.

use domain::sleepovers::SleepoverRules;
use domain::{Id, Power, Scope};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::rows::RowExt;
use crate::{Result, Store, now, require};

/// The columns [`read`] reads of a service's rules joined as `r`.
pub(super) const COLUMNS: &str = "r.id AS rules_id, r.sleepover_nights, r.short_break_nights, \
    r.notice_days, r.yearly_nights, r.satellites_may_host";

/// A service's rules from a row read with [`COLUMNS`]: the defaults where it has set none (a
/// left join found no rules).
pub(super) fn read(row: &AnyRow) -> sqlx::Result<SleepoverRules> {
    if row.opt_text("rules_id")?.is_none() {
        return Ok(SleepoverRules::default());
    }
    Ok(SleepoverRules {
        sleepover_nights: row.int("sleepover_nights")?,
        short_break_nights: row.int("short_break_nights")?,
        notice_days: row.int("notice_days")?,
        yearly_nights: row.int("yearly_nights")?,
        satellites_may_host: row.opt_bool("satellites_may_host")?.unwrap_or(false),
    })
}

impl Store {
    /// The rules of a service the caller can see.
    #[instrument(skip_all, fields(service = %service))]
    pub async fn sleepover_rules(&self, scope: &Scope, service: Id) -> Result<SleepoverRules> {
        self.service(scope, service).await?;
        self.rules_of(service).await
    }

    pub(crate) async fn rules_of(&self, service: Id) -> Result<SleepoverRules> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM sleepover_rules r WHERE r.id = $1"))
            .bind(service.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        Ok(match row {
            Some(row) => read(&row)?,
            None => SleepoverRules::default(),
        })
    }

    /// Sets a service's rules; its manager only. The change is in the audit log.
    #[instrument(skip_all, fields(service = %service))]
    pub async fn set_sleepover_rules(
        &self,
        scope: &Scope,
        service: Id,
        rules: &SleepoverRules,
    ) -> Result<SleepoverRules> {
        self.service(scope, service).await?;
        require(scope, Power::ManageService(service))?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::SleepoverRules, service).await?;
        sqlx::query(
            "INSERT INTO sleepover_rules (id, sleepover_nights, short_break_nights, notice_days, \
             yearly_nights, satellites_may_host, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (id) DO UPDATE SET \
             sleepover_nights = excluded.sleepover_nights, \
             short_break_nights = excluded.short_break_nights, notice_days = excluded.notice_days, \
             yearly_nights = excluded.yearly_nights, \
             satellites_may_host = excluded.satellites_may_host, updated_at = excluded.updated_at",
        )
        .bind(service.to_string())
        .bind(rules.sleepover_nights)
        .bind(rules.short_break_nights)
        .bind(rules.notice_days)
        .bind(rules.yearly_nights)
        .bind(i64::from(rules.satellites_may_host))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if before.is_empty() {
            audit::created(&mut tx, scope, Record::SleepoverRules, service, service).await?;
        } else {
            audit::changed(
                &mut tx,
                scope,
                "update",
                Record::SleepoverRules,
                service,
                service,
                before,
            )
            .await?;
        }
        tx.commit().await?;
        self.rules_of(service).await
    }
}
