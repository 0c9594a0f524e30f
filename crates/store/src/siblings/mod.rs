//! Sibling groups (DESIGN §3): brothers and sisters are linked by sharing a group, kept by the
//! service's staff. Linking two children joins their groups; a child taken out leaves the rest
//! together, and a group of one is no group.

mod contacts;
mod seen;

use domain::access::Redact;
use domain::registry::Child;
use domain::{Id, Power, Scope};
use tracing::instrument;

use crate::audit::{self, Record};
use crate::children::{FROM, REACH, columns, read};
use crate::rows::{RowExt, view_of};
use crate::write::Write;
use crate::{Error, Result, Store, now, require};

pub use contacts::SiblingContactFilter;

impl Store {
    /// A child's brothers and sisters that the caller may see, by name.
    #[instrument(skip_all, fields(child = %id))]
    pub async fn siblings(&self, scope: &Scope, id: Id) -> Result<Vec<Child>> {
        let child = self.child(scope, id).await?;
        let Some(group) = child.sibling_group_id else { return Ok(Vec::new()) };
        let mut query = self.query(FROM);
        query.scope(scope, REACH);
        query.filter(group, |p| format!("k.sibling_group_id = {p}"));
        query.filter(id, |p| format!("k.id <> {p}"));
        let rows = query.fetch_all(self, &columns(), "ORDER BY k.name, k.id").await?;
        Ok(rows
            .iter()
            .map(|r| Ok(read(r)?.redact(view_of(r, scope)?)))
            .collect::<sqlx::Result<_>>()?)
    }

    /// The children a child may be linked to: the others of their service the caller sees,
    /// not already in the child's group, by name and household.
    pub async fn sibling_choices(&self, scope: &Scope, id: Id) -> Result<Vec<(Id, String)>> {
        let child = self.child(scope, id).await?;
        let mut query = self.query(FROM);
        query.scope(scope, REACH);
        query.filter(child.service_id, |p| format!("k.service_id = {p}"));
        query.filter(id, |p| format!("k.id <> {p}"));
        if let Some(group) = child.sibling_group_id {
            query.filter(group, |p| {
                format!("(k.sibling_group_id IS NULL OR k.sibling_group_id <> {p})")
            });
        }
        let rows = query.fetch_all(self, &columns(), "ORDER BY k.name, k.id LIMIT 2000").await?;
        rows.iter()
            .map(|r| {
                let k = read(r)?.redact(view_of(r, scope)?);
                let home = k.household_name.unwrap_or_else(|| "no household".into());
                Ok((k.id, format!("{} ({home})", k.name)))
            })
            .collect()
    }

    /// Links `id` and `sibling` as brothers and sisters, joining their groups. Returns the
    /// child's siblings afterwards.
    #[instrument(skip_all, fields(child = %id))]
    pub async fn link_sibling(&self, scope: &Scope, id: Id, sibling: Id) -> Result<Vec<Child>> {
        let child = self.child(scope, id).await?;
        let other = self
            .child(scope, sibling)
            .await
            .map_err(|e| e.or_field("sibling_id", "is not a child you can see"))?;
        if other.service_id != child.service_id {
            return Err(Error::field("sibling_id", "belongs to another service than this child"));
        }
        require(scope, Power::KeepRecords(child.service_id))?;
        let mut tx = self.write().await?;
        let groups = hold(&mut tx, child.service_id, &[id, sibling]).await?;
        let group = groups.iter().flatten().next().copied().unwrap_or_else(Id::new);
        let mut members = vec![id, sibling];
        for old in groups.iter().flatten().filter(|g| **g != group) {
            members.extend(members_of(&mut tx, *old).await?);
        }
        for member in members {
            set_group(&mut tx, scope, member, Some(group), child.service_id).await?;
        }
        tx.commit().await?;
        self.siblings(scope, id).await
    }

    /// Takes a child out of their sibling group; a brother or sister left alone leaves it too.
    #[instrument(skip_all, fields(child = %id))]
    pub async fn unlink_sibling(&self, scope: &Scope, id: Id) -> Result<()> {
        let child = self.child(scope, id).await?;
        require(scope, Power::KeepRecords(child.service_id))?;
        let mut tx = self.write().await?;
        let Some(group) = hold(&mut tx, child.service_id, &[id]).await?[0] else {
            return Err(Error::field("sibling_id", "this child has no brother or sister linked"));
        };
        set_group(&mut tx, scope, id, None, child.service_id).await?;
        let rest = members_of(&mut tx, group).await?;
        if let [alone] = rest.as_slice() {
            set_group(&mut tx, scope, *alone, None, child.service_id).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Holds the service's sibling groups, then reads the children's groups as they stand: changes
/// to one service's groups are made one at a time, so two links made at once end in one group
/// and never wait on each other's children.
async fn hold(tx: &mut Write, service: Id, ids: &[Id]) -> Result<Vec<Option<Id>>> {
    sqlx::query("UPDATE services SET updated_at = updated_at WHERE id = $1")
        .bind(service.to_string())
        .execute(&mut **tx)
        .await?;
    let mut groups = Vec::new();
    for id in ids {
        let row = sqlx::query("SELECT sibling_group_id FROM children WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&mut **tx)
            .await?;
        groups.push(row.opt_id("sibling_group_id")?);
    }
    Ok(groups)
}

async fn members_of(tx: &mut Write, group: Id) -> Result<Vec<Id>> {
    let rows = sqlx::query("SELECT id FROM children WHERE sibling_group_id = $1 ORDER BY id")
        .bind(group.to_string())
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows.iter().map(|r| r.id("id")).collect::<sqlx::Result<_>>()?)
}

async fn set_group(
    tx: &mut Write,
    scope: &Scope,
    child: Id,
    group: Option<Id>,
    service: Id,
) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE children SET sibling_group_id = $2, updated_at = $3 WHERE id = $1 \
         AND (sibling_group_id IS NULL OR $2 IS NULL OR sibling_group_id <> $2)",
    )
    .bind(child.to_string())
    .bind(group.map(|g| g.to_string()))
    .bind(now())
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() > 0 {
        let action = if group.is_some() { "link_sibling" } else { "unlink_sibling" };
        let fields = ["sibling_group_id".to_string()];
        audit::add(tx, scope, action, Record::Child, child, Some(service), &fields);
    }
    Ok(())
}
