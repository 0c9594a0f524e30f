//! The roles granted to a person, each over one place. A revoked grant is kept, with when.

use domain::{Grant, Id, Place, Role, Scope};
use sqlx::any::AnyRow;
use tracing::instrument;

use super::secret::unix_now;
use crate::audit::{self, Record};
use crate::rows::RowExt;
use crate::write::Write;
use crate::{Error, Result, Store};

pub(super) fn read_grant(row: &AnyRow) -> sqlx::Result<Grant> {
    let role: Role = row.choice("role")?;
    let place = match (
        row.opt_id("service_id")?,
        row.opt_id("constellation_id")?,
        row.opt_id("household_id")?,
    ) {
        (Some(s), _, _) => Place::Service(s),
        (_, Some(c), _) => Place::Constellation(c),
        (_, _, Some(h)) => Place::Household(h),
        _ => Place::Programme,
    };
    Ok(Grant { role, place })
}

fn place_columns(place: Place) -> [Option<String>; 3] {
    match place {
        Place::Programme => [None, None, None],
        Place::Service(s) => [Some(s.to_string()), None, None],
        Place::Constellation(c) => [None, Some(c.to_string()), None],
        Place::Household(h) => [None, None, Some(h.to_string())],
    }
}

impl Store {
    /// Grants a role over a place that exists. Granting what the person already holds changes
    /// nothing.
    #[instrument(skip_all, fields(user = %user))]
    pub async fn grant(&self, by: &Scope, user: Id, grant: &Grant) -> Result<()> {
        let service = self.service_of(grant.place).await?;
        let mut tx = self.write().await?;
        if !active(&mut tx, user, grant).await?.is_empty() {
            return Ok(());
        }
        let [service_id, constellation, household] = place_columns(grant.place);
        let id = Id::new();
        sqlx::query(
            "INSERT INTO grants (id, user_id, role, service_id, constellation_id, household_id, granted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.to_string())
        .bind(user.to_string())
        .bind(domain::Choice::as_str(grant.role))
        .bind(service_id)
        .bind(constellation)
        .bind(household)
        .bind(unix_now())
        .execute(&mut *tx)
        .await?;
        audit::created_in(&mut tx, by, Record::Grant, id, service).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Revokes a grant; the row stays, with the time it was revoked.
    #[instrument(skip_all, fields(user = %user))]
    pub async fn revoke(&self, by: &Scope, user: Id, grant: &Grant) -> Result<()> {
        let service = self.service_of(grant.place).await.ok().flatten();
        let mut tx = self.write().await?;
        let ids = active(&mut tx, user, grant).await?;
        if ids.is_empty() {
            return Err(Error::field("role", "is not granted to this person there"));
        }
        for id in ids {
            let before = audit::snapshot(&mut tx, Record::Grant, id).await?;
            sqlx::query("UPDATE grants SET revoked_at = $2 WHERE id = $1")
                .bind(id.to_string())
                .bind(unix_now())
                .execute(&mut *tx)
                .await?;
            audit::changed_in(&mut tx, by, "revoke", Record::Grant, id, service, before).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The service a place belongs to, refusing a place that does not exist.
    async fn service_of(&self, place: Place) -> Result<Option<Id>> {
        let everything = Scope::Everything;
        Ok(match place {
            Place::Programme => None,
            Place::Service(s) => Some(
                self.service(&everything, s)
                    .await
                    .map_err(|e| e.or_field("service_id", "is not a service"))?
                    .id,
            ),
            Place::Constellation(c) => Some(
                self.constellation(&everything, c)
                    .await
                    .map_err(|e| e.or_field("constellation_id", "is not a constellation"))?
                    .service_id,
            ),
            Place::Household(h) => Some(
                self.household(&everything, h)
                    .await
                    .map_err(|e| e.or_field("household_id", "is not a household"))?
                    .service_id,
            ),
        })
    }

    /// A person's current grants.
    pub async fn grants_of(&self, user: Id) -> Result<Vec<Grant>> {
        let rows = sqlx::query(
            "SELECT role, service_id, constellation_id, household_id FROM grants \
             WHERE user_id = $1 AND revoked_at IS NULL ORDER BY granted_at",
        )
        .bind(user.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        Ok(rows.iter().map(read_grant).collect::<sqlx::Result<_>>()?)
    }
}

/// The ids of the person's current grants of exactly this role and place. The person's row is
/// locked first (on PostgreSQL; SQLite's write transaction already is), so two grants of the
/// same role at once add it once, and granting to no one is refused.
async fn active(tx: &mut Write, user: Id, grant: &Grant) -> Result<Vec<Id>> {
    let person = sqlx::query("UPDATE users SET created_at = created_at WHERE id = $1")
        .bind(user.to_string())
        .execute(&mut **tx)
        .await?;
    if person.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    let [service, constellation, household] = place_columns(grant.place);
    let rows = sqlx::query(
        "SELECT id FROM grants WHERE user_id = $1 AND role = $2 AND revoked_at IS NULL \
         AND COALESCE(service_id, '') = COALESCE($3, '') \
         AND COALESCE(constellation_id, '') = COALESCE($4, '') \
         AND COALESCE(household_id, '') = COALESCE($5, '')",
    )
    .bind(user.to_string())
    .bind(domain::Choice::as_str(grant.role))
    .bind(service)
    .bind(constellation)
    .bind(household)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.iter().map(|r| r.id("id")).collect::<sqlx::Result<_>>()?)
}
