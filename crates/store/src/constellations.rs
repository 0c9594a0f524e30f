use domain::access::Redact;
use domain::registry::{Constellation, ConstellationDraft};
use domain::{Choice, Date, Id, Page, PageRequest, Scope};
use domain::{Power, Sensitivity};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::{Query, Reach};
use crate::rows::{RowExt, view_of};
use crate::{Error, Result, Store, now, require};

/// The constellation with today's hub and count of satellites; `$1` is today.
const REACH: Reach = Reach::new(Sensitivity::Programme, "c.service_id").constellation("c.id");

const FROM: &str = "constellations c \
    LEFT JOIN memberships hm ON hm.constellation_id = c.id AND hm.role = 'hub' \
        AND hm.from_on <= $1 AND (hm.to_on IS NULL OR hm.to_on >= $1) \
    LEFT JOIN households h ON h.id = hm.household_id";

const COLUMNS: &str = "c.id, c.service_id, c.name, c.status, c.launched_on, c.closed_on, \
    c.liaison_worker, h.id AS hub_id, h.display_name AS hub_name, \
    (SELECT count(*) FROM memberships sm WHERE sm.constellation_id = c.id AND sm.role = 'satellite' \
        AND sm.from_on <= $1 AND (sm.to_on IS NULL OR sm.to_on >= $1)) AS satellites";

fn read(row: &AnyRow) -> sqlx::Result<Constellation> {
    Ok(Constellation {
        id: row.id("id")?,
        service_id: row.id("service_id")?,
        name: row.text("name")?,
        status: row.choice("status")?,
        launched_on: row.date("launched_on")?,
        closed_on: row.opt_date("closed_on")?,
        liaison_worker: row.opt_text("liaison_worker")?,
        hub_household_id: row.opt_id("hub_id")?,
        hub_name: row.opt_text("hub_name")?,
        satellites: row.int("satellites")?,
    })
}

/// A list's keys and count are read from the constellations alone: a constellation has one hub
/// at a time (`domain::rules::hub_fits`), so the join of today's hub matches each row once at
/// most. On SQLite the programme lead's count of every constellation took 30 ms through it, and
/// 0.1 ms without it.
fn base(store: &Store, scope: &Scope) -> Query {
    let mut query = store.query(FROM);
    query.bind(Date::today());
    query.alone("constellations c").scope(scope, REACH);
    query
}

impl Store {
    #[instrument(skip_all)]
    pub async fn constellations(
        &self,
        scope: &Scope,
        service: Option<Id>,
        page: &PageRequest,
    ) -> Result<Page<Constellation>> {
        let mut query = base(self, scope);
        if let Some(service) = service {
            query.filter(service, |p| format!("c.service_id = {p}"));
        }
        query.search(page, &["c.name", "c.liaison_worker"]);
        let (rows, total) = query.page(self, COLUMNS, "c.name, c.id", page).await?;
        let items = rows
            .iter()
            .map(|r| Ok(read(r)?.redact(view_of(r, scope)?)))
            .collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    /// The constellations of a service, by name, for choosing one in a form.
    pub async fn constellation_choices(
        &self,
        scope: &Scope,
        service: Option<Id>,
    ) -> Result<Vec<(Id, String)>> {
        let mut query = self.query("constellations c");
        query.scope(scope, REACH);
        if let Some(service) = service {
            query.filter(service, |p| format!("c.service_id = {p}"));
        }
        let rows = query.fetch_all(self, "c.id, c.name", "ORDER BY c.name").await?;
        rows.iter().map(|r| Ok((r.id("id")?, r.text("name")?))).collect()
    }

    #[instrument(skip_all, fields(constellation = %id))]
    pub async fn constellation(&self, scope: &Scope, id: Id) -> Result<Constellation> {
        let mut query = base(self, scope);
        query.filter(id, |p| format!("c.id = {p}"));
        let row = query.fetch_optional(self, COLUMNS).await?.ok_or(Error::NotFound)?;
        Ok(read(&row)?.redact(view_of(&row, scope)?))
    }

    #[instrument(skip_all)]
    pub async fn create_constellation(
        &self,
        scope: &Scope,
        draft: &ConstellationDraft,
    ) -> Result<Constellation> {
        self.service(scope, draft.service_id)
            .await
            .map_err(|e| e.or_field("service_id", "is not a service you can add to"))?;
        require(scope, Power::ManageService(draft.service_id))?;
        let id = Id::new();
        let now = now();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO constellations (id, service_id, name, status, launched_on, closed_on, \
             liaison_worker, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(id.to_string())
        .bind(draft.service_id.to_string())
        .bind(&draft.name)
        .bind(draft.status.as_str())
        .bind(draft.launched.from.to_string())
        .bind(draft.launched.to.map(|d| d.to_string()))
        .bind(&draft.liaison_worker)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Constellation, id, draft.service_id).await?;
        tx.commit().await?;
        self.constellation(scope, id).await
    }

    #[instrument(skip_all, fields(constellation = %id))]
    pub async fn update_constellation(
        &self,
        scope: &Scope,
        id: Id,
        draft: &ConstellationDraft,
    ) -> Result<Constellation> {
        let current = self.constellation(scope, id).await?;
        if current.service_id != draft.service_id {
            return Err(Error::field(
                "service_id",
                "cannot change: a constellation stays in its service",
            ));
        }
        require(scope, Power::ManageService(current.service_id))?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Constellation, id).await?;
        sqlx::query(
            "UPDATE constellations SET name = $2, status = $3, launched_on = $4, closed_on = $5, \
             liaison_worker = $6, updated_at = $7 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(&draft.name)
        .bind(draft.status.as_str())
        .bind(draft.launched.from.to_string())
        .bind(draft.launched.to.map(|d| d.to_string()))
        .bind(&draft.liaison_worker)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::changed(
            &mut tx,
            scope,
            "update",
            Record::Constellation,
            id,
            current.service_id,
            before,
        )
        .await?;
        tx.commit().await?;
        self.constellation(scope, id).await
    }
}
