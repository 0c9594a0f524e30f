use domain::registry::{Service, ServiceDraft};
use domain::{Choice, Id, Page, PageRequest, Scope};
use domain::{Power, Sensitivity};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::Reach;
use crate::rows::RowExt;
use crate::{Error, Result, Store, now, require};

const REACH: Reach = Reach::new(Sensitivity::Programme, "s.id");

const COLUMNS: &str = "s.id, s.name, s.kind, s.region, s.status, s.joined_on, s.left_on";

fn read(row: &AnyRow) -> sqlx::Result<Service> {
    Ok(Service {
        id: row.id("id")?,
        name: row.text("name")?,
        kind: row.choice("kind")?,
        region: row.text("region")?,
        status: row.choice("status")?,
        joined_on: row.date("joined_on")?,
        left_on: row.opt_date("left_on")?,
    })
}

impl Store {
    #[instrument(skip_all)]
    pub async fn services(&self, scope: &Scope, page: &PageRequest) -> Result<Page<Service>> {
        let mut query = self.query("services s");
        query.scope(scope, REACH).search(page, &["s.name", "s.region"]);
        let (rows, total) = query.page(self, COLUMNS, "s.name, s.id", page).await?;
        let items = rows.iter().map(read).collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    /// Every service in scope, by name, for choosing one in a form.
    pub async fn service_choices(&self, scope: &Scope) -> Result<Vec<(Id, String)>> {
        let mut query = self.query("services s");
        query.scope(scope, REACH);
        let rows = query.fetch_all(self, "s.id, s.name", "ORDER BY s.name").await?;
        rows.iter().map(|r| Ok((r.id("id")?, r.text("name")?))).collect()
    }

    #[instrument(skip_all, fields(service = %id))]
    pub async fn service(&self, scope: &Scope, id: Id) -> Result<Service> {
        let mut query = self.query("services s");
        query.scope(scope, REACH).filter(id, |p| format!("s.id = {p}"));
        let row = query.fetch_optional(self, COLUMNS).await?.ok_or(Error::NotFound)?;
        Ok(read(&row)?)
    }

    #[instrument(skip_all)]
    pub async fn create_service(&self, scope: &Scope, draft: &ServiceDraft) -> Result<Service> {
        require(scope, Power::AddService)?;
        let id = Id::new();
        let now = now();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO services (id, name, kind, region, status, joined_on, left_on, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(id.to_string())
        .bind(&draft.name)
        .bind(draft.kind.as_str())
        .bind(&draft.region)
        .bind(draft.status.as_str())
        .bind(draft.joined.from.to_string())
        .bind(draft.joined.to.map(|d| d.to_string()))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Service, id, id).await?;
        tx.commit().await?;
        self.service(scope, id).await
    }

    #[instrument(skip_all, fields(service = %id))]
    pub async fn update_service(
        &self,
        scope: &Scope,
        id: Id,
        draft: &ServiceDraft,
    ) -> Result<Service> {
        self.service(scope, id).await?;
        require(scope, Power::ChangeService(id))?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Service, id).await?;
        let done = sqlx::query(
            "UPDATE services SET name = $2, kind = $3, region = $4, status = $5, joined_on = $6, \
             left_on = $7, updated_at = $8 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(&draft.name)
        .bind(draft.kind.as_str())
        .bind(&draft.region)
        .bind(draft.status.as_str())
        .bind(draft.joined.from.to_string())
        .bind(draft.joined.to.map(|d| d.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound);
        }
        audit::changed(&mut tx, scope, "update", Record::Service, id, id, before).await?;
        tx.commit().await?;
        self.service(scope, id).await
    }
}
