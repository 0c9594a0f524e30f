//! Monthly returns (DESIGN §5.6): a service's figures for a month, computed from its records
//! each time they are read; each submission freezes them as a version. For the service's staff.

mod counts;
mod sent;

pub(crate) use sent::SentCache;

use domain::returns::{
    Figure, MonthlyReturn, Period, ReturnSent, ReturnVersion, Rollup, SubmitInput, Trend, Whose,
    every_figure, figures, roll_up, trend, trend_months,
};
use domain::{Choice, Date, Id, Month, Power, Scope};
use tracing::instrument;

use crate::audit::{self, Record};
use crate::rows::RowExt;
use crate::{Error, Result, Store, now, staff_only};

impl Store {
    /// A service's return for a month: the figures from the records now, and the versions sent.
    #[instrument(skip_all, fields(service = %service, month = %month))]
    pub async fn monthly_return(
        &self,
        scope: &Scope,
        service: Id,
        month: Month,
    ) -> Result<MonthlyReturn> {
        let s = self.service(scope, service).await?;
        staff_only(scope, service)?;
        let (counts, versions) =
            tokio::try_join!(self.count_month(service, month), self.versions(service, month))?;
        Ok(MonthlyReturn::new(service, s.name, month, figures(&counts, service, month), versions))
    }

    /// Submits the month's figures as they stand, or amends a return already sent whose
    /// records have changed since. Two people submitting at once: one wins, the other is told.
    #[instrument(skip_all, fields(service = %service, month = %month))]
    pub async fn submit_return(
        &self,
        scope: &Scope,
        service: Id,
        month: Month,
        input: &SubmitInput,
    ) -> Result<MonthlyReturn> {
        let current = self.monthly_return(scope, service, month).await?;
        current.check_submittable(Date::today())?;
        let comment = input.parse(!current.versions.is_empty())?;
        let version = current.versions.len() as i64 + 1;
        let status = current.next_status();
        let id = Id::new();
        let figures = serde_json::to_string(&current.figures)
            .map_err(|e| Error::Config(format!("figures: {e}")))?;
        let by = self.person_name(scope).await?;
        let mut tx = self.write().await?;
        let inserted = sqlx::query(
            "INSERT INTO monthly_returns (id, service_id, month, version, status, figures, \
             comment, submitted_by, submitted_by_user, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id.to_string())
        .bind(service.to_string())
        .bind(month.to_string())
        .bind(version)
        .bind(status.as_str())
        .bind(&figures)
        .bind(&comment)
        .bind(&by)
        .bind(scope.person().map(|p| p.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await;
        if let Err(sqlx::Error::Database(e)) = &inserted
            && e.is_unique_violation()
        {
            return Err(Error::conflict(
                "comment",
                "Someone else submitted this return a moment ago: look at it again before amending it.",
            ));
        }
        inserted?;
        let fields = [format!("month:{month}"), format!("version:{version}")];
        audit::add(&mut tx, scope, "submit", Record::MonthlyReturn, id, Some(service), &fields);
        tx.commit().await?;
        self.monthly_return(scope, service, month).await
    }

    /// The months of a service with a return sent, the latest first.
    #[instrument(skip_all, fields(service = %service))]
    pub async fn returns_sent(&self, scope: &Scope, service: Id) -> Result<Vec<ReturnSent>> {
        self.service(scope, service).await?;
        staff_only(scope, service)?;
        let rows = sqlx::query(
            "SELECT month, status, version, submitted_at FROM monthly_returns r \
             WHERE service_id = $1 AND version = (SELECT max(version) FROM monthly_returns \
             WHERE service_id = r.service_id AND month = r.month) ORDER BY month DESC",
        )
        .bind(service.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReturnSent {
                    month: Month::parse(&r.text("month")?)
                        .map_err(|e| sqlx::Error::Decode(e.into()))?,
                    status: r.choice("status")?,
                    versions: r.int("version")?,
                    submitted_at: r.text("submitted_at")?,
                })
            })
            .collect()
    }

    /// The national roll-up of the returns sent for a period: for the programme lead and the
    /// services' managers. Only a manager's own service shows counts of 1 to 4.
    #[instrument(skip_all, fields(period = %period.key()))]
    pub async fn rollup(&self, scope: &Scope, period: Period) -> Result<Rollup> {
        if !scope.reads_rollup() {
            return Err(Error::NotFound);
        }
        let sent = self.sent(&period.months()).await?;
        let own = |service: Id| scope.may(Power::ManageService(service));
        Ok(roll_up(&sent[..], period, &own))
    }

    /// A figure's trend for England, a region or a service over the twelve months to the end
    /// of `period`, from the returns sent: for the programme lead and the services' managers.
    #[instrument(skip_all, fields(period = %period.key(), figure = %key))]
    pub async fn rollup_trend(
        &self,
        scope: &Scope,
        period: Period,
        key: &str,
        whose: &Whose,
    ) -> Result<Trend> {
        if !scope.reads_rollup() {
            return Err(Error::NotFound);
        }
        let sent = self.sent(&trend_months(period)).await?;
        if !every_figure(&sent[..]).iter().any(|(k, ..)| k == key) {
            return Err(Error::field(
                "figure",
                "must be a figure of the monthly return, such as contacts",
            ));
        }
        let own = |service: Id| scope.may(Power::ManageService(service));
        trend(&sent[..], period, key, whose, &own).ok_or_else(|| match whose {
            Whose::Service(_) => Error::field(
                "service_id",
                "must be a service that sent a return in the twelve months",
            ),
            _ => Error::field("region", "must be a region that sent a return in the twelve months"),
        })
    }

    async fn versions(&self, service: Id, month: Month) -> Result<Vec<ReturnVersion>> {
        let rows = sqlx::query(
            "SELECT version, status, figures, comment, submitted_by, submitted_at \
             FROM monthly_returns WHERE service_id = $1 AND month = $2 ORDER BY version",
        )
        .bind(service.to_string())
        .bind(month.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                let figures: Vec<Figure> = serde_json::from_str(&r.text("figures")?)
                    .map_err(|e| sqlx::Error::Decode(e.into()))?;
                Ok(ReturnVersion {
                    version: r.int("version")?,
                    status: r.choice("status")?,
                    figures,
                    comment: r.opt_text("comment")?,
                    submitted_by: r.text("submitted_by")?,
                    submitted_at: r.instant("submitted_at")?,
                })
            })
            .collect()
    }
}
