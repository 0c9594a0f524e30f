use domain::registry::{EndInput, Placement, PlacementDraft, PlacementEnding};
use domain::rules;
use domain::{DateRange, Id, Page, PageRequest, Scope};
use domain::{Power, Sensitivity};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::Reach;
use crate::rows::RowExt;
use crate::spans::{lock, spans};
use crate::write::Write;
use crate::{Error, Result, Store, now, require};

const REACH: Reach = Reach::new(Sensitivity::Legal, "p.service_id").household("p.household_id");

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
        let mut query = self.query(FROM);
        query.scope(scope, REACH).filter(child, |p| format!("p.child_id = {p}"));
        let rows = query.fetch_all(self, COLUMNS, "ORDER BY p.from_on DESC").await?;
        Ok(rows.iter().map(read).collect::<sqlx::Result<_>>()?)
    }

    /// One page of placements, optionally only a child's or a household's, newest first.
    #[instrument(skip_all)]
    pub async fn placements_page(
        &self,
        scope: &Scope,
        child: Option<Id>,
        household: Option<Id>,
        page: &PageRequest,
    ) -> Result<Page<Placement>> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH);
        if let Some(id) = child {
            query.filter(id, |p| format!("p.child_id = {p}"));
        }
        if let Some(id) = household {
            query.filter(id, |p| format!("p.household_id = {p}"));
        }
        query.search(page, &["h.display_name", "p.place_code"]);
        let (rows, total) = query.page(self, COLUMNS, "p.from_on DESC, p.id", page).await?;
        let items = rows.iter().map(read).collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    #[instrument(skip_all, fields(placement = %id))]
    pub async fn placement(&self, scope: &Scope, id: Id) -> Result<Placement> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH).filter(id, |p| format!("p.id = {p}"));
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
        require(scope, Power::KeepRecords(child.service_id))?;
        let mut tx = self.write().await?;
        fits(&mut tx, draft, None).await?;
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
        audit::created(&mut tx, scope, Record::Placement, id, child.service_id).await?;
        tx.commit().await?;
        self.placement(scope, id).await
    }

    /// Corrects a placement that was recorded wrongly: its household, dates, type or ending.
    /// The child's placements still may not overlap, leaving this one out.
    #[instrument(skip_all, fields(placement = %id))]
    pub async fn update_placement(
        &self,
        scope: &Scope,
        id: Id,
        draft: &PlacementDraft,
    ) -> Result<Placement> {
        let current = self.placement(scope, id).await?;
        if draft.child_id != current.child_id {
            return Err(Error::field(
                "child_id",
                "cannot be changed: add a placement for the other child instead",
            ));
        }
        let child = self.child(scope, current.child_id).await?;
        require(scope, Power::KeepRecords(child.service_id))?;
        self.household(scope, draft.household_id)
            .await
            .ok()
            .filter(|h| h.service_id == child.service_id)
            .ok_or_else(|| {
                Error::field("household_id", "is not a household of the child's service")
            })?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Placement, id).await?;
        fits(&mut tx, draft, Some(id)).await?;
        sqlx::query(
            "UPDATE placements SET household_id = $2, from_on = $3, to_on = $4, place_code = $5, \
             reason_code = $6, planned_ending = $7, updated_at = $8 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(draft.household_id.to_string())
        .bind(draft.span.from.to_string())
        .bind(draft.span.to.map(|d| d.to_string()))
        .bind(draft.place_code)
        .bind(draft.reason_code)
        .bind(draft.planned_ending.map(i64::from))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::changed(&mut tx, scope, "update", Record::Placement, id, child.service_id, before)
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
        let service = self.child(scope, current.child_id).await?.service_id;
        require(scope, Power::KeepRecords(service))?;
        let ended =
            rules::end_range(&DateRange { from: current.from_on, to: current.to_on }, ending.on)?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Placement, id).await?;
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
        audit::changed(&mut tx, scope, "end", Record::Placement, id, service, before).await?;
        tx.commit().await?;
        self.placement(scope, id).await
    }
}

/// A child's placements never overlap: checked inside the write, with the child locked.
async fn fits(tx: &mut Write, draft: &PlacementDraft, editing: Option<Id>) -> Result<()> {
    lock(tx, "children", draft.child_id).await?;
    let existing = spans(tx, "placements", "child_id = $1", draft.child_id).await?;
    rules::placement_fits(&draft.span, &existing, editing)?;
    Ok(())
}
