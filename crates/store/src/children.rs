use domain::access::Redact;
use domain::registry::{Child, ChildDraft};
use domain::{Choice, Id, Page, PageRequest, Scope};
use domain::{Power, Sensitivity};
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::Reach;
use crate::rows::{RowExt, view_of};
use crate::{Error, Result, Store, now, require};

pub(crate) const REACH: Reach =
    Reach::new(Sensitivity::People, "k.service_id").household("k.household_id").hosted("k.id");

pub(crate) const FROM: &str = "children k LEFT JOIN households h ON h.id = k.household_id";
/// The columns [`read`] reads of a child joined as `k`, besides its household's name.
const FIELDS: [&str; 13] = [
    "id",
    "service_id",
    "household_id",
    "sibling_group_id",
    "name",
    "birth_month",
    "arrangement",
    "needs_notes",
    "shareable_notes",
    "da_granted_by",
    "da_granted_on",
    "da_scope",
    "da_review_on",
];

/// The columns [`read`] reads of a child read from [`FROM`].
pub(crate) fn columns() -> String {
    let fields: Vec<String> = FIELDS.iter().map(|f| format!("k.{f}")).collect();
    format!("{}, h.display_name AS household_name", fields.join(", "))
}

/// The columns [`read`] reads of a child joined as `k` beside another record, each named with
/// `prefix` before it (read them through `Prefixed`): its household's name is looked up by
/// itself, as the other record may be a household joined as `h`.
pub(crate) fn columns_as(prefix: &str) -> String {
    let fields: Vec<String> = FIELDS.iter().map(|f| format!("k.{f} AS {prefix}{f}")).collect();
    format!(
        "{}, (SELECT x.display_name FROM households x WHERE x.id = k.household_id) \
         AS {prefix}household_name",
        fields.join(", ")
    )
}

pub(crate) fn read(row: &impl RowExt) -> sqlx::Result<Child> {
    Ok(Child {
        id: row.id("id")?,
        service_id: row.id("service_id")?,
        household_id: row.opt_id("household_id")?,
        household_name: row.opt_text("household_name")?,
        sibling_group_id: row.opt_id("sibling_group_id")?,
        name: row.text("name")?,
        birth_month: row.text("birth_month")?,
        arrangement: Some(row.choice("arrangement")?),
        needs_notes: row.opt_text("needs_notes")?,
        shareable_notes: row.opt_text("shareable_notes")?,
        da_granted_by: row.opt_text("da_granted_by")?,
        da_granted_on: row.opt_date("da_granted_on")?,
        da_scope: row.opt_text("da_scope")?,
        da_review_on: row.opt_date("da_review_on")?,
    })
}

impl Store {
    #[instrument(skip_all)]
    pub async fn children(
        &self,
        scope: &Scope,
        household: Option<Id>,
        page: &PageRequest,
    ) -> Result<Page<Child>> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH);
        if let Some(household) = household {
            query.filter(household, |p| format!("k.household_id = {p}"));
        }
        query.search(page, &["k.name", "h.display_name"]);
        let (rows, total) = query.page(self, &columns(), "k.name, k.id", page).await?;
        let items = rows
            .iter()
            .map(|r| Ok(read(r)?.redact(view_of(r, scope)?)))
            .collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    #[instrument(skip_all, fields(child = %id))]
    pub async fn child(&self, scope: &Scope, id: Id) -> Result<Child> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH).filter(id, |p| format!("k.id = {p}"));
        let row = query.fetch_optional(self, &columns()).await?.ok_or(Error::NotFound)?;
        Ok(read(&row)?.redact(view_of(&row, scope)?))
    }

    async fn check_child_links(&self, scope: &Scope, draft: &ChildDraft) -> Result<()> {
        self.service(scope, draft.service_id)
            .await
            .map_err(|e| e.or_field("service_id", "is not a service you can add to"))?;
        if let Some(household) = draft.household_id {
            let household = self
                .household(scope, household)
                .await
                .map_err(|e| e.or_field("household_id", "is not a household you can see"))?;
            if household.service_id != draft.service_id {
                return Err(Error::field(
                    "household_id",
                    "belongs to another service than the child",
                ));
            }
        }
        Ok(())
    }

    /// Opens a child's record to show it: the read is written to the audit log first.
    #[instrument(skip_all, fields(child = %id))]
    pub async fn open_child(&self, scope: &Scope, id: Id) -> Result<Child> {
        let child = self.child(scope, id).await?;
        let mut tx = self.write().await?;
        audit::read(&mut tx, scope, Record::Child, id, child.service_id);
        tx.commit().await?;
        Ok(child)
    }

    #[instrument(skip_all)]
    pub async fn create_child(&self, scope: &Scope, draft: &ChildDraft) -> Result<Child> {
        self.check_child_links(scope, draft).await?;
        require(scope, Power::KeepRecords(draft.service_id))?;
        let id = Id::new();
        let mut tx = self.write().await?;
        let da = draft.delegated_authority.as_ref();
        sqlx::query(
            "INSERT INTO children (id, service_id, household_id, name, birth_month, arrangement, \
             needs_notes, shareable_notes, da_granted_by, da_granted_on, da_scope, da_review_on, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        )
        .bind(id.to_string())
        .bind(draft.service_id.to_string())
        .bind(draft.household_id.map(|h| h.to_string()))
        .bind(&draft.name)
        .bind(draft.birth_month.to_string())
        .bind(draft.arrangement.as_str())
        .bind(&draft.needs_notes)
        .bind(&draft.shareable_notes)
        .bind(da.map(|d| d.granted_by.clone()))
        .bind(da.map(|d| d.granted_on.to_string()))
        .bind(da.and_then(|d| d.scope.clone()))
        .bind(da.map(|d| d.review_on.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Child, id, draft.service_id).await?;
        tx.commit().await?;
        self.child(scope, id).await
    }

    #[instrument(skip_all, fields(child = %id))]
    pub async fn update_child(&self, scope: &Scope, id: Id, draft: &ChildDraft) -> Result<Child> {
        let current = self.child(scope, id).await?;
        if current.service_id != draft.service_id {
            return Err(Error::field(
                "service_id",
                "cannot change: a child's record stays in its service",
            ));
        }
        self.check_child_links(scope, draft).await?;
        require(scope, Power::KeepRecords(current.service_id))?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Child, id).await?;
        let da = draft.delegated_authority.as_ref();
        sqlx::query(
            "UPDATE children SET household_id = $2, name = $3, birth_month = $4, arrangement = $5, \
             needs_notes = $6, shareable_notes = $7, da_granted_by = $8, da_granted_on = $9, \
             da_scope = $10, da_review_on = $11, updated_at = $12 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(draft.household_id.map(|h| h.to_string()))
        .bind(&draft.name)
        .bind(draft.birth_month.to_string())
        .bind(draft.arrangement.as_str())
        .bind(&draft.needs_notes)
        .bind(&draft.shareable_notes)
        .bind(da.map(|d| d.granted_by.clone()))
        .bind(da.map(|d| d.granted_on.to_string()))
        .bind(da.and_then(|d| d.scope.clone()))
        .bind(da.map(|d| d.review_on.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::changed(&mut tx, scope, "update", Record::Child, id, current.service_id, before)
            .await?;
        tx.commit().await?;
        self.child(scope, id).await
    }
}
