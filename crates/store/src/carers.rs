use domain::access::Redact;
use domain::registry::{ApprovalEnding, Carer, CarerDraft, EndInput};
use domain::{Choice, DateRange, Id, Page, PageRequest, Scope, rules};
use domain::{Power, Sensitivity};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::Reach;
use crate::rows::{RowExt, view_of};
use crate::{Error, Result, Store, now, require};

const REACH: Reach = Reach::new(Sensitivity::People, "r.service_id").household("r.household_id");

const FROM: &str = "carers r JOIN households h ON h.id = r.household_id";
const COLUMNS: &str = "r.id, r.service_id, r.household_id, h.display_name AS household_name, r.name, \
    r.role, r.approved_from, r.approved_to, r.approval_end_reason";

fn read(row: &AnyRow) -> sqlx::Result<Carer> {
    Ok(Carer {
        id: row.id("id")?,
        service_id: row.id("service_id")?,
        household_id: row.id("household_id")?,
        household_name: row.text("household_name")?,
        name: row.text("name")?,
        role: row.choice("role")?,
        approved_from: row.date("approved_from")?,
        approved_to: row.opt_date("approved_to")?,
        approval_end_reason: row.opt_choice("approval_end_reason")?,
    })
}

impl Store {
    #[instrument(skip_all)]
    pub async fn carers(
        &self,
        scope: &Scope,
        household: Option<Id>,
        page: &PageRequest,
    ) -> Result<Page<Carer>> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH);
        if let Some(household) = household {
            query.filter(household, |p| format!("r.household_id = {p}"));
        }
        query.search(page, &["r.name", "h.display_name"]);
        let (rows, total) = query.page(self, COLUMNS, "r.name, r.id", page).await?;
        let items = rows
            .iter()
            .map(|r| Ok(read(r)?.redact(view_of(r, scope)?)))
            .collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    #[instrument(skip_all, fields(carer = %id))]
    pub async fn carer(&self, scope: &Scope, id: Id) -> Result<Carer> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH).filter(id, |p| format!("r.id = {p}"));
        let row = query.fetch_optional(self, COLUMNS).await?.ok_or(Error::NotFound)?;
        Ok(read(&row)?.redact(view_of(&row, scope)?))
    }

    #[instrument(skip_all)]
    pub async fn create_carer(&self, scope: &Scope, draft: &CarerDraft) -> Result<Carer> {
        let household = self
            .household(scope, draft.household_id)
            .await
            .map_err(|e| e.or_field("household_id", "is not a household you can see"))?;
        require(scope, Power::KeepRecords(household.service_id))?;
        let id = Id::new();
        let now = now();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO carers (id, service_id, household_id, name, role, approved_from, approved_to, \
             approval_end_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(id.to_string())
        .bind(household.service_id.to_string())
        .bind(draft.household_id.to_string())
        .bind(&draft.name)
        .bind(draft.role.as_str())
        .bind(draft.approved.from.to_string())
        .bind(draft.approved.to.map(|d| d.to_string()))
        .bind(draft.approval_end_reason.map(|r| r.as_str()))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Carer, id, household.service_id).await?;
        tx.commit().await?;
        self.carer(scope, id).await
    }

    #[instrument(skip_all, fields(carer = %id))]
    pub async fn update_carer(&self, scope: &Scope, id: Id, draft: &CarerDraft) -> Result<Carer> {
        let current = self.carer(scope, id).await?;
        require(scope, Power::KeepRecords(current.service_id))?;
        if current.household_id != draft.household_id {
            self.household(scope, draft.household_id)
                .await
                .ok()
                .filter(|h| h.service_id == current.service_id)
                .ok_or_else(|| {
                    Error::field("household_id", "is not a household of this carer's service")
                })?;
        }
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Carer, id).await?;
        sqlx::query(
            "UPDATE carers SET household_id = $2, name = $3, role = $4, approved_from = $5, \
             approved_to = $6, approval_end_reason = $7, updated_at = $8 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(draft.household_id.to_string())
        .bind(&draft.name)
        .bind(draft.role.as_str())
        .bind(draft.approved.from.to_string())
        .bind(draft.approved.to.map(|d| d.to_string()))
        .bind(draft.approval_end_reason.map(|r| r.as_str()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::changed(&mut tx, scope, "update", Record::Carer, id, current.service_id, before)
            .await?;
        tx.commit().await?;
        self.carer(scope, id).await
    }

    /// Ends a carer's approval on its last day, with the reason; the record stays.
    #[instrument(skip_all, fields(carer = %id))]
    pub async fn end_approval(&self, scope: &Scope, id: Id, input: &EndInput) -> Result<Carer> {
        let ending = ApprovalEnding::parse(input)?;
        let current = self.carer(scope, id).await?;
        require(scope, Power::KeepRecords(current.service_id))?;
        let ended = rules::end_range(
            &DateRange { from: current.approved_from, to: current.approved_to },
            ending.on,
        )?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Carer, id).await?;
        let done = sqlx::query(
            "UPDATE carers SET approved_to = $2, approval_end_reason = $3, updated_at = $4 \
             WHERE id = $1 AND approved_to IS NULL",
        )
        .bind(id.to_string())
        .bind(ended.to.map(|d| d.to_string()))
        .bind(ending.reason.as_str())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::field("on", "this approval has already ended"));
        }
        audit::changed(&mut tx, scope, "end", Record::Carer, id, current.service_id, before)
            .await?;
        tx.commit().await?;
        self.carer(scope, id).await
    }
}
