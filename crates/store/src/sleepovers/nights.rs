//! A host's nights: the month calendar, and nights marked unavailable.

use domain::registry::Household;
use domain::sleepovers::{HostCalendar, Unavailable, UnavailableDraft, host_power, month_nights};
use domain::{Id, Month, Scope};
use tracing::instrument;

use super::beds::{NightChange, change_nights, held};
use crate::audit::{self, Record};
use crate::rows::RowExt;
use crate::spans::lock;
use crate::{Error, Result, Store, now, require};
impl Store {
    /// A host's month: free beds each night, the nights it is away, and the sleepovers the
    /// caller may see there.
    #[instrument(skip_all, fields(household = %household))]
    pub async fn host_calendar(
        &self,
        scope: &Scope,
        household: Id,
        month: Month,
    ) -> Result<HostCalendar> {
        let host = self.household(scope, household).await?;
        let (first, last) = (month.first_day(), month.last_day());
        let nights = month_nights(
            month,
            host.sleepover_beds,
            &held(&mut *self.read().await?, household, first, last).await?,
        );
        let may_host = scope.may(host_power(&host));
        let rows = sqlx::query(
            "SELECT id, household_id, from_on, to_on, reason FROM hub_unavailable_nights \
             WHERE household_id = $1 AND withdrawn_at IS NULL AND from_on <= $3 AND to_on >= $2 \
             ORDER BY from_on",
        )
        .bind(household.to_string())
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        let unavailable = rows
            .iter()
            .map(|r| {
                Ok(Unavailable {
                    id: r.id("id")?,
                    household_id: r.id("household_id")?,
                    from_on: r.date("from_on")?,
                    to_on: r.date("to_on")?,
                    reason: if may_host { Some(r.text("reason")?) } else { None },
                })
            })
            .collect::<sqlx::Result<_>>()?;
        let sleepovers = self.hosted(scope, household, first, last).await?;
        Ok(HostCalendar {
            household_id: household,
            household_name: host.display_name,
            month: month.to_string(),
            beds: host.sleepover_beds,
            nights,
            unavailable,
            sleepovers,
            may_host,
        })
    }

    /// Marks nights unavailable at a host. A night with a bed already taken is refused: the
    /// sleepover must be cancelled or moved first.
    #[instrument(skip_all, fields(household = %household))]
    pub async fn mark_unavailable(
        &self,
        scope: &Scope,
        household: Id,
        draft: &UnavailableDraft,
    ) -> Result<Unavailable> {
        let host = self.household(scope, household).await?;
        require(scope, host_power(&host))?;
        let nights = i64::from(draft.from_on.days_until(draft.to_on)) + 1;
        let mut tx = self.write().await?;
        lock(&mut tx, "households", household).await?;
        // A night with no row yet is made closed, with no bed asked for; one already held is
        // closed only while no bed is taken.
        let change = NightChange {
            taken: "$2",
            closed: "1",
            guard: "1 = 1".into(),
            set: "closed = host_nights.closed + 1",
            condition: "host_nights.taken = 0".into(),
        };
        let refused = change_nights(&mut tx, household, draft.from_on, nights, 0, change).await?;
        if let Some(night) = refused {
            return Err(Error::conflict(
                "from_on",
                format!(
                    "A confirmed sleepover has a bed on {}: cancel it, or mark other nights.",
                    night.long()
                ),
            ));
        }
        let id = Id::new();
        sqlx::query(
            "INSERT INTO hub_unavailable_nights (id, service_id, household_id, from_on, to_on, reason, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(id.to_string())
        .bind(host.service_id.to_string())
        .bind(household.to_string())
        .bind(draft.from_on.to_string())
        .bind(draft.to_on.to_string())
        .bind(&draft.reason)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Unavailable, id, host.service_id).await?;
        tx.commit().await?;
        Ok(Unavailable {
            id,
            household_id: household,
            from_on: draft.from_on,
            to_on: draft.to_on,
            reason: Some(draft.reason.clone()),
        })
    }

    /// Nights marked unavailable at a host the caller can see; the reason for its hosts only.
    #[instrument(skip_all, fields(unavailable = %id))]
    pub async fn unavailable(&self, scope: &Scope, id: Id) -> Result<(Unavailable, Household)> {
        let row = sqlx::query(
            "SELECT household_id, from_on, to_on, reason FROM hub_unavailable_nights WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *self.read().await?)
        .await?
        .ok_or(Error::NotFound)?;
        let host = self.household(scope, row.id("household_id")?).await?;
        let may_host = scope.may(host_power(&host));
        let unavailable = Unavailable {
            id,
            household_id: host.id,
            from_on: row.date("from_on")?,
            to_on: row.date("to_on")?,
            reason: if may_host { Some(row.text("reason")?) } else { None },
        };
        Ok((unavailable, host))
    }

    /// Opens nights marked unavailable again; the record is kept, marked withdrawn.
    #[instrument(skip_all, fields(unavailable = %id))]
    pub async fn withdraw_unavailable(&self, scope: &Scope, id: Id) -> Result<()> {
        let (unavailable, host) = self.unavailable(scope, id).await?;
        require(scope, host_power(&host))?;
        let (from, to) = (unavailable.from_on, unavailable.to_on);
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Unavailable, id).await?;
        let done = sqlx::query(
            "UPDATE hub_unavailable_nights SET withdrawn_at = $2, updated_at = $2 \
             WHERE id = $1 AND withdrawn_at IS NULL",
        )
        .bind(id.to_string())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::conflict("", "These nights are already open again."));
        }
        sqlx::query(
            "UPDATE host_nights SET closed = closed - 1 WHERE household_id = $1 AND night >= $2 \
             AND night <= $3 AND closed > 0",
        )
        .bind(host.id.to_string())
        .bind(from.to_string())
        .bind(to.to_string())
        .execute(&mut *tx)
        .await?;
        audit::changed(
            &mut tx,
            scope,
            "withdraw",
            Record::Unavailable,
            id,
            host.service_id,
            before,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
