use domain::registry::{EndInput, Placement, PlacementDraft, PlacementEnding};
use domain::rules::{self, Span};
use domain::{DateRange, Id, Scope};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::query::Query;
use crate::rows::RowExt;
use crate::{Error, Result, Store, now};

const FROM: &str = "placements p JOIN households h ON h.id = p.household_id";
const COLUMNS: &str = "p.id, p.child_id, p.household_id, h.display_name AS household_name, p.from_on, \
    p.to_on, p.place_code, p.reason_code, p.planned_ending";

fn read(row: &AnyRow) -> sqlx::Result<Placement> {
    Ok(Placement {
        id: row.id("id")?,
        child_id: row.id("child_id")?,
        household_id: row.id("household_id")?,
        household_name: row.text("household_name")?,
        from_on: row.date("from_on")?,
        to_on: row.opt_date("to_on")?,
        place_code: row.text("place_code")?,
        reason_code: row.opt_text("reason_code")?,
        planned_ending: row.opt_bool("planned_ending")?,
    })
}

impl Store {
    /// A child's placements, newest first.
    #[instrument(skip_all, fields(child = %child))]
    pub async fn placements_of_child(&self, scope: &Scope, child: Id) -> Result<Vec<Placement>> {
        let mut query = Query::new(FROM);
        query.scope(scope, "p.service_id").filter(child, |p| format!("p.child_id = {p}"));
        let rows = query.fetch_all(self, COLUMNS, "ORDER BY p.from_on DESC").await?;
        Ok(rows.iter().map(read).collect::<sqlx::Result<_>>()?)
    }

    #[instrument(skip_all, fields(placement = %id))]
    pub async fn placement(&self, scope: &Scope, id: Id) -> Result<Placement> {
        let mut query = Query::new(FROM);
        query.scope(scope, "p.service_id").filter(id, |p| format!("p.id = {p}"));
        let row = query.fetch_optional(self, COLUMNS).await?.ok_or(Error::NotFound)?;
        Ok(read(&row)?)
    }

    /// Records a placement; a child's placements never overlap.
    #[instrument(skip_all)]
    pub async fn create_placement(
        &self,
        scope: &Scope,
        draft: &PlacementDraft,
    ) -> Result<Placement> {
        let child = self
            .child(scope, draft.child_id)
            .await
            .map_err(|e| e.or_field("child_id", "is not a child you can see"))?;
        let household = self
            .household(scope, draft.household_id)
            .await
            .map_err(|e| e.or_field("household_id", "is not a household you can see"))?;
        if household.service_id != child.service_id {
            return Err(Error::field("household_id", "belongs to another service than the child"));
        }
        let mut tx = self.write().await?;
        sqlx::query("UPDATE children SET updated_at = updated_at WHERE id = $1")
            .bind(draft.child_id.to_string())
            .execute(&mut *tx)
            .await?;
        let rows = sqlx::query("SELECT id, from_on, to_on FROM placements WHERE child_id = $1")
            .bind(draft.child_id.to_string())
            .fetch_all(&mut *tx)
            .await?;
        let existing = rows
            .iter()
            .map(|r| {
                Ok(Span {
                    id: r.id("id")?,
                    range: DateRange { from: r.date("from_on")?, to: r.opt_date("to_on")? },
                })
            })
            .collect::<sqlx::Result<Vec<_>>>()?;
        rules::placement_fits(&draft.span, &existing, None)?;
        let id = Id::new();
        let now = now();
        sqlx::query(
            "INSERT INTO placements (id, service_id, child_id, household_id, from_on, to_on, place_code, \
             reason_code, planned_ending, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(id.to_string())
        .bind(child.service_id.to_string())
        .bind(draft.child_id.to_string())
        .bind(draft.household_id.to_string())
        .bind(draft.span.from.to_string())
        .bind(draft.span.to.map(|d| d.to_string()))
        .bind(draft.place_code)
        .bind(draft.reason_code)
        .bind(draft.planned_ending.map(i64::from))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.placement(scope, id).await
    }

    /// Ends a placement on its last day, with the SSDA903 reason and whether it was planned.
    #[instrument(skip_all, fields(placement = %id))]
    pub async fn end_placement(
        &self,
        scope: &Scope,
        id: Id,
        input: &EndInput,
    ) -> Result<Placement> {
        let ending = PlacementEnding::parse(input)?;
        let current = self.placement(scope, id).await?;
        let ended =
            rules::end_range(&DateRange { from: current.from_on, to: current.to_on }, ending.on)?;
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE placements SET to_on = $2, reason_code = $3, planned_ending = $4, updated_at = $5 \
             WHERE id = $1 AND to_on IS NULL",
        )
        .bind(id.to_string())
        .bind(ended.to.map(|d| d.to_string()))
        .bind(ending.reason_code)
        .bind(i64::from(ending.planned))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::field("on", "this placement has already ended"));
        }
        tx.commit().await?;
        self.placement(scope, id).await
    }
}
