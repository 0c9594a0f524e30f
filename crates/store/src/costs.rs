//! Impact and cost (DESIGN §5.7): the unit costs and programme costs the programme lead sets,
//! each kept as it was set, and the costs avoided worked out from the returns sent.

use domain::impact::{
    CostBook, Impact, ProgrammeCost, ProgrammeCostDraft, UnitCost, UnitCostDraft, impact, year_key,
};
use domain::returns::Period;
use domain::{Choice, Id, Power, Scope};
use tracing::instrument;

use crate::audit::{self, Record};
use crate::rows::RowExt;
use crate::{Error, Result, Store, now, require};

fn reads(scope: &Scope) -> Result<()> {
    if scope.reads_rollup() { Ok(()) } else { Err(Error::NotFound) }
}

impl Store {
    /// The unit costs in force and every one set, and what the programme costs per
    /// constellation: for the programme lead and the services' managers.
    #[instrument(skip_all)]
    pub async fn costs(&self, scope: &Scope) -> Result<CostBook> {
        reads(scope)?;
        let (units, programme) = tokio::try_join!(self.unit_costs(), self.programme_costs())?;
        Ok(CostBook::new(units, programme))
    }

    async fn unit_costs(&self) -> Result<Vec<UnitCost>> {
        let rows = sqlx::query(
            "SELECT kind, amount, source, year, set_by, set_at FROM unit_costs \
             ORDER BY set_at DESC, id DESC",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        let costs = rows.iter().map(|r| {
            Ok(UnitCost {
                kind: r.choice("kind")?,
                amount: r.int("amount")?,
                source: r.text("source")?,
                year: r.int("year")? as i16,
                set_by: Some(r.text("set_by")?),
                set_at: Some(r.instant("set_at")?),
            })
        });
        Ok(costs.collect::<sqlx::Result<Vec<_>>>()?)
    }

    async fn programme_costs(&self) -> Result<Vec<ProgrammeCost>> {
        let rows = sqlx::query(
            "SELECT financial_year, hub_fees, liaison, licence, note, set_by, set_at \
             FROM programme_costs ORDER BY set_at DESC, id DESC",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        let costs = rows.iter().map(|r| {
            Ok(ProgrammeCost {
                year: year_key(r.int("financial_year")? as i16),
                hub_fees: r.int("hub_fees")?,
                liaison: r.int("liaison")?,
                licence: r.int("licence")?,
                note: r.opt_text("note")?,
                set_by: r.text("set_by")?,
                set_at: r.instant("set_at")?,
            })
        });
        Ok(costs.collect::<sqlx::Result<Vec<_>>>()?)
    }

    /// Sets a unit cost: a new entry, the earlier ones kept. The programme lead's.
    #[instrument(skip_all, fields(kind = %draft.kind))]
    pub async fn set_unit_cost(&self, scope: &Scope, draft: &UnitCostDraft) -> Result<CostBook> {
        reads(scope)?;
        require(scope, Power::SetCosts)?;
        let id = Id::new();
        let by = self.person_name(scope).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO unit_costs (id, kind, amount, source, year, set_by, set_by_user, set_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(draft.kind.as_str())
        .bind(draft.amount)
        .bind(&draft.source)
        .bind(i64::from(draft.year))
        .bind(&by)
        .bind(scope.person().map(|p| p.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::created_in(&mut tx, scope, Record::UnitCost, id, None).await?;
        tx.commit().await?;
        self.costs(scope).await
    }

    /// Records what the programme costs per constellation in a financial year: a new entry,
    /// the earlier ones kept. The programme lead's.
    #[instrument(skip_all, fields(year = draft.year))]
    pub async fn set_programme_cost(
        &self,
        scope: &Scope,
        draft: &ProgrammeCostDraft,
    ) -> Result<CostBook> {
        reads(scope)?;
        require(scope, Power::SetCosts)?;
        let id = Id::new();
        let by = self.person_name(scope).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO programme_costs (id, financial_year, hub_fees, liaison, licence, note, \
             set_by, set_by_user, set_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id.to_string())
        .bind(i64::from(draft.year))
        .bind(draft.hub_fees)
        .bind(draft.liaison)
        .bind(draft.licence)
        .bind(&draft.note)
        .bind(&by)
        .bind(scope.person().map(|p| p.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::created_in(&mut tx, scope, Record::ProgrammeCost, id, None).await?;
        tx.commit().await?;
        self.costs(scope).await
    }

    /// The costs avoided and the return on each pound for a financial year, from the returns
    /// sent: for the programme lead and the services' managers. Only a manager's own service
    /// shows counts of 1 to 4.
    #[instrument(skip_all, fields(year = year))]
    pub async fn impact(&self, scope: &Scope, year: i16) -> Result<Impact> {
        let months = Period::Year(year).months();
        let (book, sent) = tokio::try_join!(self.costs(scope), self.sent(&months))?;
        let own = |service: Id| scope.may(Power::ManageService(service));
        let programme = book.programme_cost(year).cloned();
        Ok(impact(&sent[..], year, book.unit_costs, programme, &own))
    }
}
