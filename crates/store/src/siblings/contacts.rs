//! Sibling contacts (DESIGN §3): found in events and sleepovers each time they are read, so a
//! corrected attendance or a cancelled sleepover corrects them too, and recorded directly. Read
//! by the service's staff and the hub carer, like the rest of a constellation's support.

use domain::access::first_names;
use domain::support::{
    SiblingContact, SiblingContactDraft, SiblingPresent, SiblingSource, find_sibling_contacts,
};
use domain::{Date, Id, Power, Scope, Sensitivity};
use tracing::instrument;

use super::seen::SiblingsOf;
use crate::audit::{self, Record};
use crate::query::Reach;
use crate::rows::RowExt;
use crate::{Error, Result, Store, now, require};

/// Which sibling contacts to list: those on days `from..=to`, of one child or constellation
/// when set.
#[derive(Debug, Clone, Copy)]
pub struct SiblingContactFilter {
    pub from: Date,
    pub to: Date,
    pub child: Option<Id>,
    pub constellation: Option<Id>,
    pub service: Option<Id>,
}

const RECORDED: Reach =
    Reach::new(Sensitivity::Support, "x.service_id").constellation("x.constellation_id");

impl Store {
    /// Sibling contacts, the latest first.
    #[instrument(skip_all)]
    pub async fn sibling_contacts(
        &self,
        scope: &Scope,
        filter: &SiblingContactFilter,
    ) -> Result<Vec<SiblingContact>> {
        let group = match filter.child {
            Some(child) => match self.child(scope, child).await?.sibling_group_id {
                Some(group) => Some(group),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        // One service's sibling groups are known before its events and sleepovers are read,
        // so all four reads go at once; otherwise the groups are those of the services seen.
        let homes_of_service = async {
            match filter.service {
                Some(service) => {
                    self.sibling_homes(SiblingsOf::Services(vec![service], group)).await.map(Some)
                }
                None => Ok(None),
            }
        };
        let (events, sleepovers, homes, recorded) = tokio::try_join!(
            self.events_seen(scope, filter),
            self.sleepovers_seen(scope, filter),
            homes_of_service,
            self.recorded(scope, Recorded::Within(filter, group)),
        )?;
        let siblings = match homes {
            Some(homes) => homes,
            None => {
                let mut services: Vec<Id> = events.iter().map(|e| e.service_id).collect();
                services.extend(sleepovers.iter().map(|s| s.service_id));
                self.sibling_homes(SiblingsOf::Services(services, group)).await?
            }
        };
        let mut found =
            find_sibling_contacts(&siblings, &events, &sleepovers, filter.from, filter.to);
        found.extend(recorded);
        if let Some(child) = filter.child {
            found.retain(|c| c.includes(child));
        }
        found.sort_by(|a, b| b.on.cmp(&a.on).then(a.what.cmp(&b.what)));
        Ok(found.into_iter().map(|c| shown(scope, c)).collect())
    }

    /// Records a meeting of siblings placed apart, held by the constellation one of them lived
    /// in that day.
    #[instrument(skip_all)]
    pub async fn record_sibling_contact(
        &self,
        scope: &Scope,
        draft: &SiblingContactDraft,
    ) -> Result<SiblingContact> {
        let mut services = Vec::new();
        for child in &draft.child_ids {
            let seen = self
                .child(scope, *child)
                .await
                .map_err(|e| e.or_field("child_ids", "must each be a child you can see"))?;
            services.push(seen.service_id);
        }
        let siblings = self.sibling_homes(SiblingsOf::Children(&draft.child_ids)).await?;
        let children = draft.check_apart(&siblings)?;
        let group = siblings[0].group;
        // One sibling group is one service's: the first child's is every child's.
        let service = services[0];
        let constellation = self.constellation_on(&children, draft.on).await?;
        require(scope, Power::Support { service, constellation })?;
        let id = Id::new();
        let recorded_by = self.person_name(scope).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO sibling_contacts (id, service_id, constellation_id, sibling_group_id, \
             on_date, note, recorded_by, recorded_by_user, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(id.to_string())
        .bind(service.to_string())
        .bind(constellation.map(|c| c.to_string()))
        .bind(group.to_string())
        .bind(draft.on.to_string())
        .bind(&draft.note)
        .bind(&recorded_by)
        .bind(scope.person().map(|p| p.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        for child in &children {
            sqlx::query(
                "INSERT INTO sibling_contact_children (sibling_contact_id, child_id, household_id) \
                 VALUES ($1, $2, $3)",
            )
            .bind(id.to_string())
            .bind(child.child_id.to_string())
            .bind(child.household_id.to_string())
            .execute(&mut *tx)
            .await?;
        }
        audit::created(&mut tx, scope, Record::SiblingContact, id, service).await?;
        tx.commit().await?;
        let contact = SiblingContact {
            source: SiblingSource::Recorded,
            record_id: id,
            what: draft.note.clone(),
            on: draft.on,
            service_id: service,
            sibling_group_id: group,
            children,
            recorded_by: Some(recorded_by),
            recorded_by_user: scope.person(),
        };
        Ok(shown(scope, contact))
    }

    /// Withdraws a recorded meeting entered by mistake; it is kept, and no longer counted.
    /// Whoever recorded it may, and the service's staff.
    #[instrument(skip_all, fields(sibling_contact = %id))]
    pub async fn withdraw_sibling_contact(
        &self,
        scope: &Scope,
        id: Id,
        reason: &str,
    ) -> Result<()> {
        let mut query = self.query("sibling_contacts x");
        query.scope(scope, RECORDED).filter(id, |p| format!("x.id = {p}"));
        let columns = "x.service_id, x.recorded_by_user, x.withdrawn_at";
        let row = query.fetch_optional(self, columns).await?.ok_or(Error::NotFound)?;
        let service = row.id("service_id")?;
        let theirs = row.opt_id("recorded_by_user")?.is_some_and(|u| scope.person() == Some(u));
        if !theirs {
            require(scope, Power::KeepRecords(service))?;
        }
        let reason = domain::reason(reason, "so the record shows why it no longer counts")?;
        if row.opt_text("withdrawn_at")?.is_some() {
            return Err(Error::conflict("reason", "This sibling contact is already withdrawn."));
        }
        // Read before the write, which holds its connection: a read inside it would need a second.
        let by = self.person_name(scope).await?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::SiblingContact, id).await?;
        let done = sqlx::query(
            "UPDATE sibling_contacts SET withdrawn_at = $2, withdrawn_by = $3, \
             withdrawn_reason = $4, updated_at = $2 WHERE id = $1 AND withdrawn_at IS NULL",
        )
        .bind(id.to_string())
        .bind(now())
        .bind(by)
        .bind(&reason)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::conflict("reason", "This sibling contact is already withdrawn."));
        }
        audit::changed(&mut tx, scope, "withdraw", Record::SiblingContact, id, service, before)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The constellation one of the children's households belonged to on the day, if any.
    async fn constellation_on(&self, children: &[SiblingPresent], day: Date) -> Result<Option<Id>> {
        for child in children {
            let row = sqlx::query(
                "SELECT constellation_id FROM memberships WHERE household_id = $1 \
                 AND from_on <= $2 AND (to_on IS NULL OR to_on >= $2) ORDER BY from_on DESC",
            )
            .bind(child.household_id.to_string())
            .bind(day.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?;
            if let Some(row) = row {
                return Ok(Some(row.id("constellation_id")?));
            }
        }
        Ok(None)
    }

    /// One recorded meeting, withdrawn or not.
    #[instrument(skip_all, fields(sibling_contact = %id))]
    pub async fn recorded_sibling_contact(&self, scope: &Scope, id: Id) -> Result<SiblingContact> {
        let found = self.recorded(scope, Recorded::One(id)).await?;
        found.into_iter().next().map(|c| shown(scope, c)).ok_or(Error::NotFound)
    }

    async fn recorded(&self, scope: &Scope, which: Recorded<'_>) -> Result<Vec<SiblingContact>> {
        let mut query = self.query(
            "sibling_contacts x JOIN sibling_contact_children xc ON xc.sibling_contact_id = x.id \
             JOIN children k ON k.id = xc.child_id JOIN households h ON h.id = xc.household_id",
        );
        query.scope(scope, RECORDED);
        match which {
            Recorded::One(id) => {
                query.filter(id, |p| format!("x.id = {p}"));
            }
            Recorded::Within(filter, group) => {
                query.condition("x.withdrawn_at IS NULL".into());
                query.filter(filter.from, |p| format!("x.on_date >= {p}"));
                query.filter(filter.to, |p| format!("x.on_date <= {p}"));
                if let Some(c) = filter.constellation {
                    query.filter(c, |p| format!("x.constellation_id = {p}"));
                }
                if let Some(s) = filter.service {
                    query.filter(s, |p| format!("x.service_id = {p}"));
                }
                if let Some(group) = group {
                    query.filter(group, |p| format!("x.sibling_group_id = {p}"));
                }
            }
        }
        let columns = "x.id, x.service_id, x.sibling_group_id, x.on_date, x.note, x.recorded_by, \
            x.recorded_by_user, \
            xc.child_id, k.name, xc.household_id, h.display_name AS household_name";
        let rows = query.fetch_all(self, columns, "ORDER BY x.id, k.name, k.id").await?;
        let mut found: Vec<SiblingContact> = Vec::new();
        for row in &rows {
            let id = row.id("id")?;
            if found.last().is_none_or(|c| c.record_id != id) {
                found.push(SiblingContact {
                    source: SiblingSource::Recorded,
                    record_id: id,
                    what: row.text("note")?,
                    on: row.date("on_date")?,
                    service_id: row.id("service_id")?,
                    sibling_group_id: row.id("sibling_group_id")?,
                    children: Vec::new(),
                    recorded_by: Some(row.text("recorded_by")?),
                    recorded_by_user: row.opt_id("recorded_by_user")?,
                });
            }
            if let Some(contact) = found.last_mut() {
                contact.children.push(SiblingPresent {
                    child_id: row.id("child_id")?,
                    name: row.text("name")?,
                    household_id: row.id("household_id")?,
                    household_name: row.text("household_name")?,
                });
            }
        }
        Ok(found)
    }
}

enum Recorded<'a> {
    One(Id),
    /// Within the filter's days and constellation, of one sibling group when set.
    Within(&'a SiblingContactFilter, Option<Id>),
}

/// Names in full for the service's staff; first names for a hub carer, of the children and
/// of their households, as the rest of the constellation's pages show them.
fn shown(scope: &Scope, mut contact: SiblingContact) -> SiblingContact {
    if !scope.may(Power::KeepRecords(contact.service_id)) {
        for child in &mut contact.children {
            child.name = first_names(&child.name);
            child.household_name = first_names(&child.household_name);
        }
    }
    contact
}
