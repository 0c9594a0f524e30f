use domain::access::{Redact, View};
use domain::registry::{Child, Household, HouseholdDraft};
use domain::{Choice, Date, Id, Page, PageRequest, Scope};
use domain::{Power, Sensitivity};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::children;
use crate::query::{Query, Reach, current};
use crate::rows::{Prefixed, RowExt, view_of};
use crate::sleepovers::beds_cover_bookings;
use crate::spans::lock;
use crate::{Error, Result, Store, now, require};

/// Today's membership, as correlated lookups rather than joins so that a deep page of a long
/// list reads only the rows it shows; `$1` is today.
const REACH: Reach = Reach::new(Sensitivity::People, "h.service_id").household("h.id").neighbours();

/// Household `household`'s memberships on `day`, as the tail of a correlated lookup.
fn current_of(household: &str, day: &str) -> String {
    format!("FROM memberships m WHERE m.household_id = {household}.id AND {}", current("m.", day))
}

/// Households; every query binds today first, as `$1`.
const FROM: &str = "households h";

/// The columns [`read`] reads of a household joined as `h`; `$1` is today.
pub(crate) fn columns() -> String {
    format!(
        "h.id, h.service_id, h.reference, h.display_name, h.postcode, h.places, h.approval_kinds, \
         h.sleepover_beds, h.joined_on, h.left_on, h.left_reason, {}, \
         (SELECT c.name FROM constellations c WHERE c.id = (SELECT m.constellation_id {} LIMIT 1)) \
             AS constellation_name",
        membership_columns("h", "$1"),
        current_of("h", "$1")
    )
}

/// The hub of the constellation bound as `constellation` on `day`, as a subquery of its id.
/// Read from the constellation's memberships, so SQLite looks up one household rather than
/// scanning all.
pub(crate) fn hub_query(constellation: &str, day: &str) -> String {
    format!(
        "SELECT d.household_id FROM memberships d WHERE d.constellation_id = {constellation} \
         AND d.role = 'hub' AND {}",
        current("d.", day)
    )
}

/// The membership on `day` of the household joined as `household`, as the columns
/// `constellation_id` and `role`. For any read that joins a household.
pub(crate) fn membership_columns(household: &str, day: &str) -> String {
    let current = current_of(household, day);
    format!(
        "(SELECT m.constellation_id {current} LIMIT 1) AS constellation_id, \
         (SELECT m.role {current} LIMIT 1) AS role"
    )
}

pub(crate) fn read(row: &AnyRow) -> sqlx::Result<Household> {
    Ok(Household {
        id: row.id("id")?,
        service_id: row.id("service_id")?,
        reference: row.text("reference")?,
        display_name: row.text("display_name")?,
        postcode: row.text("postcode")?,
        places: row.int("places")?,
        approval_kinds: row.opt_text("approval_kinds")?,
        sleepover_beds: row.int("sleepover_beds")?,
        joined_on: row.date("joined_on")?,
        left_on: row.opt_date("left_on")?,
        left_reason: row.opt_choice("left_reason")?,
        constellation_id: row.opt_id("constellation_id")?,
        constellation_name: row.opt_text("constellation_name")?,
        role: row.opt_choice("role")?,
    })
}

/// Which households a list shows.
#[derive(Debug, Clone, Default)]
pub struct HouseholdFilter {
    pub service: Option<Id>,
    /// Only households in this constellation: today, or on `on`.
    pub constellation: Option<Id>,
    /// The day the constellation's households are those of; today when none.
    pub on: Option<Date>,
}

fn base(store: &Store, scope: &Scope) -> Query {
    let mut query = store.query(FROM);
    query.bind(Date::today());
    query.scope(scope, REACH);
    query
}

impl Store {
    #[instrument(skip_all)]
    pub async fn households(
        &self,
        scope: &Scope,
        filter: &HouseholdFilter,
        page: &PageRequest,
    ) -> Result<Page<Household>> {
        let mut query = base(self, scope);
        if let Some(service) = filter.service {
            query.filter(service, |p| format!("h.service_id = {p}"));
        }
        if let Some(constellation) = filter.constellation {
            let c = query.bind(constellation);
            let on = query.bind(filter.on.unwrap_or_else(Date::today));
            query.condition(format!(
                "EXISTS (SELECT 1 FROM memberships d WHERE d.household_id = h.id \
                 AND d.constellation_id = {c} AND d.from_on <= {on} \
                 AND (d.to_on IS NULL OR d.to_on >= {on}))"
            ));
        }
        query.search(page, &["h.display_name", "h.reference", "h.postcode"]);
        let (rows, total) = query.page(self, &columns(), "h.display_name, h.id", page).await?;
        let items = rows
            .iter()
            .map(|r| Ok(read(r)?.redact(view_of(r, scope)?)))
            .collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    /// The households of a service, by name, for choosing one in a form.
    /// At most 2,000 are offered; a larger service finds a household through its page instead.
    pub async fn household_choices(
        &self,
        scope: &Scope,
        service: Option<Id>,
    ) -> Result<Vec<(Id, String)>> {
        let mut query = self.query("households h");
        query.scope(scope, REACH);
        if let Some(service) = service {
            query.filter(service, |p| format!("h.service_id = {p}"));
        }
        let rows = query
            .fetch_all(
                self,
                "h.id, h.display_name, h.reference",
                "ORDER BY h.display_name LIMIT 2000",
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok((r.id("id")?, format!("{} ({})", r.text("display_name")?, r.text("reference")?)))
            })
            .collect()
    }

    #[instrument(skip_all, fields(household = %id))]
    pub async fn household(&self, scope: &Scope, id: Id) -> Result<Household> {
        let mut query = base(self, scope);
        query.filter(id, |p| format!("h.id = {p}"));
        let row = query.fetch_optional(self, &columns()).await?.ok_or(Error::NotFound)?;
        Ok(read(&row)?.redact(view_of(&row, scope)?))
    }

    /// One household as the caller sees it, with how much that view shows, and those of the
    /// children with these ids (each given once) whom the caller can see, by name, wherever they
    /// live: in one read, as a request is decided by both. `NotFound` when the caller cannot see
    /// the household. Each child is reached by its own grants, not the household's: a satellite
    /// carer sees the households next door, but not their children.
    pub(crate) async fn household_with_children(
        &self,
        scope: &Scope,
        id: Id,
        children: &[Id],
    ) -> Result<(Household, View, Vec<Child>)> {
        let mut query = base(self, scope);
        let reached = query.reaching(scope, children::REACH);
        let mut on = Vec::new();
        if children.is_empty() {
            on.push("1 = 0".to_string());
        } else {
            let marks: Vec<String> = children.iter().map(|c| query.bind(c)).collect();
            on.push(format!("k.id IN ({})", marks.join(", ")));
        }
        on.extend(reached.condition);
        query.join(&format!("LEFT JOIN children k ON {}", on.join(" AND ")));
        query.filter(id, |p| format!("h.id = {p}"));
        let select =
            format!("{}, {}, {} AS k_whole", columns(), children::columns_as("k_"), reached.whole);
        let rows = query.fetch_all(self, &select, "ORDER BY k.name, k.id").await?;
        let row = rows.first().ok_or(Error::NotFound)?;
        let view = view_of(row, scope)?;
        let household = read(row)?.redact(view);
        let mut seen = Vec::new();
        for row in &rows {
            let child = Prefixed { row, prefix: "k_" };
            if child.opt_id("id")?.is_some() {
                seen.push(children::read(&child)?.redact(view_of(&child, scope)?));
            }
        }
        Ok((household, view, seen))
    }

    #[instrument(skip_all)]
    pub async fn create_household(
        &self,
        scope: &Scope,
        draft: &HouseholdDraft,
    ) -> Result<Household> {
        self.service(scope, draft.service_id)
            .await
            .map_err(|e| e.or_field("service_id", "is not a service you can add to"))?;
        require(scope, Power::ManageService(draft.service_id))?;
        let id = Id::new();
        let now = now();
        let mut tx = self.write().await?;
        reference_is_free(&mut tx, draft, None).await?;
        sqlx::query(
            "INSERT INTO households (id, service_id, reference, display_name, postcode, places, \
             approval_kinds, sleepover_beds, joined_on, left_on, left_reason, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
        )
        .bind(id.to_string())
        .bind(draft.service_id.to_string())
        .bind(&draft.reference)
        .bind(&draft.display_name)
        .bind(draft.postcode.as_str())
        .bind(draft.places)
        .bind(&draft.approval_kinds)
        .bind(draft.sleepover_beds)
        .bind(draft.joined.from.to_string())
        .bind(draft.joined.to.map(|d| d.to_string()))
        .bind(draft.left_reason.map(|r| r.as_str()))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Household, id, draft.service_id).await?;
        tx.commit().await?;
        self.household(scope, id).await
    }

    #[instrument(skip_all, fields(household = %id))]
    pub async fn update_household(
        &self,
        scope: &Scope,
        id: Id,
        draft: &HouseholdDraft,
    ) -> Result<Household> {
        let current = self.household(scope, id).await?;
        if current.service_id != draft.service_id {
            return Err(Error::field(
                "service_id",
                "cannot change: a household stays in its service",
            ));
        }
        require(scope, Power::KeepRecords(current.service_id))?;
        let mut tx = self.write().await?;
        lock(&mut tx, "households", id).await?;
        let before = audit::snapshot(&mut tx, Record::Household, id).await?;
        reference_is_free(&mut tx, draft, Some(id)).await?;
        if draft.sleepover_beds < current.sleepover_beds {
            beds_cover_bookings(&mut tx, id, draft.sleepover_beds).await?;
        }
        sqlx::query(
            "UPDATE households SET reference = $2, display_name = $3, postcode = $4, places = $5, \
             approval_kinds = $6, sleepover_beds = $7, joined_on = $8, left_on = $9, left_reason = $10, \
             updated_at = $11 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(&draft.reference)
        .bind(&draft.display_name)
        .bind(draft.postcode.as_str())
        .bind(draft.places)
        .bind(&draft.approval_kinds)
        .bind(draft.sleepover_beds)
        .bind(draft.joined.from.to_string())
        .bind(draft.joined.to.map(|d| d.to_string()))
        .bind(draft.left_reason.map(|r| r.as_str()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::changed(&mut tx, scope, "update", Record::Household, id, current.service_id, before)
            .await?;
        tx.commit().await?;
        self.household(scope, id).await
    }
}

/// References are unique within a service; the unique index backs this check up.
async fn reference_is_free(
    tx: &mut crate::write::Write,
    draft: &HouseholdDraft,
    editing: Option<Id>,
) -> Result<()> {
    let taken: Option<(String,)> =
        sqlx::query_as("SELECT id FROM households WHERE service_id = $1 AND reference = $2")
            .bind(draft.service_id.to_string())
            .bind(&draft.reference)
            .fetch_optional(&mut **tx)
            .await?;
    match taken {
        Some((other,)) if Some(other.as_str()) != editing.map(|e| e.to_string()).as_deref() => {
            Err(Error::field("reference", "is already used by another household in this service"))
        }
        _ => Ok(()),
    }
}
