//! Sibling contacts (DESIGN §3): found in events and sleepovers each time they are read, so a
//! corrected attendance or a cancelled sleepover corrects them too, and recorded directly. Read
//! by the service's staff and the hub carer, like the rest of a constellation's support.

use std::collections::BTreeMap;

use domain::access::first_names;
use domain::sleepovers::MOST_NIGHTS;
use domain::support::{
    EventSeen, Home, Sibling, SiblingContact, SiblingContactDraft, SiblingPresent, SiblingSource,
    SleepoverSeen, find_sibling_contacts,
};
use domain::{Date, Id, Power, Scope, Sensitivity};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::{Query, Reach};
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

const EVENTS: Reach =
    Reach::new(Sensitivity::Support, "e.service_id").constellation("e.constellation_id");
const SLEEPOVERS: Reach = Reach::new(Sensitivity::Support, "s.service_id")
    .household("s.host_household_id")
    .host("s.from_household_id");
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
        let events = self.events_seen(scope, filter).await?;
        let sleepovers = self.sleepovers_seen(scope, filter).await?;
        let mut services: Vec<Id> = events.iter().map(|e| e.service_id).collect();
        services.extend(sleepovers.iter().map(|s| s.service_id));
        let siblings = self.sibling_homes(SiblingsOf::Services(services, group)).await?;
        let mut found =
            find_sibling_contacts(&siblings, &events, &sleepovers, filter.from, filter.to);
        found.extend(self.recorded(scope, Recorded::Within(filter, group)).await?);
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
        for child in &draft.child_ids {
            self.child(scope, *child)
                .await
                .map_err(|e| e.or_field("child_ids", "must each be a child you can see"))?;
        }
        let siblings = self.sibling_homes(SiblingsOf::Children(&draft.child_ids)).await?;
        let children = draft.check_apart(&siblings)?;
        let group = siblings[0].group;
        let service = self.child(scope, children[0].child_id).await?.service_id;
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
        let mut query = Query::new("sibling_contacts x");
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
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::SiblingContact, id).await?;
        let done = sqlx::query(
            "UPDATE sibling_contacts SET withdrawn_at = $2, withdrawn_by = $3, \
             withdrawn_reason = $4, updated_at = $2 WHERE id = $1 AND withdrawn_at IS NULL",
        )
        .bind(id.to_string())
        .bind(now())
        .bind(self.person_name(scope).await?)
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

    async fn events_seen(
        &self,
        scope: &Scope,
        filter: &SiblingContactFilter,
    ) -> Result<Vec<EventSeen>> {
        let mut query =
            Query::new("events e JOIN attendances a ON a.event_id = e.id AND a.children > 0");
        query.scope(scope, EVENTS).condition("e.cancelled = 0".into());
        let from = query.bind(filter.from.start_instant());
        let to = query.bind(filter.to.add_days(1).start_instant());
        query.condition(format!("e.starts_at >= {from} AND e.starts_at < {to}"));
        if let Some(c) = filter.constellation {
            query.filter(c, |p| format!("e.constellation_id = {p}"));
        }
        if let Some(s) = filter.service {
            query.filter(s, |p| format!("e.service_id = {p}"));
        }
        let columns = "e.id, e.service_id, e.title, e.starts_at, a.household_id";
        let rows = query.fetch_all(self, columns, "ORDER BY e.starts_at, e.id").await?;
        let mut events: Vec<EventSeen> = Vec::new();
        for row in &rows {
            let id = row.id("id")?;
            if events.last().is_none_or(|e| e.id != id) {
                events.push(EventSeen {
                    id,
                    service_id: row.id("service_id")?,
                    title: row.text("title")?,
                    on: Date::of(row.instant("starts_at")?),
                    households: Vec::new(),
                });
            }
            if let Some(event) = events.last_mut() {
                event.households.push(row.id("household_id")?);
            }
        }
        Ok(events)
    }

    async fn sleepovers_seen(
        &self,
        scope: &Scope,
        filter: &SiblingContactFilter,
    ) -> Result<Vec<SleepoverSeen>> {
        let mut query = Query::new(
            "sleepovers s JOIN sleepover_children sc ON sc.sleepover_id = s.id \
             JOIN households f ON f.id = s.from_household_id \
             JOIN households t ON t.id = s.host_household_id",
        );
        query.scope(scope, SLEEPOVERS);
        query.condition("s.status IN ('confirmed', 'completed')".into());
        // A night before the first day too, to tell a stay that carries on from one that starts.
        query.filter(filter.from.add_days(-1), |p| format!("s.last_night >= {p}"));
        // No stay is longer: this bounds the read by the index of first nights.
        let reach = filter.from.add_days(-(MOST_NIGHTS as i32));
        query.filter(reach, |p| format!("s.first_night >= {p}"));
        query.filter(filter.to, |p| format!("s.first_night <= {p}"));
        if let Some(s) = filter.service {
            query.filter(s, |p| format!("s.service_id = {p}"));
        }
        if let Some(c) = filter.constellation {
            query.filter(c, |p| {
                format!(
                    "s.host_household_id IN (SELECT household_id FROM memberships \
                     WHERE constellation_id = {p})"
                )
            });
        }
        let columns = "s.id, s.service_id, s.from_household_id, f.display_name AS from_name, \
            s.host_household_id, t.display_name AS host_name, s.first_night, s.last_night, \
            sc.child_id";
        let rows = query.fetch_all(self, columns, "ORDER BY s.id").await?;
        let mut sleepovers: Vec<SleepoverSeen> = Vec::new();
        for row in &rows {
            let id = row.id("id")?;
            if sleepovers.last().is_none_or(|s| s.id != id) {
                sleepovers.push(SleepoverSeen {
                    id,
                    service_id: row.id("service_id")?,
                    from_household: row.id("from_household_id")?,
                    from_name: row.text("from_name")?,
                    host_household: row.id("host_household_id")?,
                    host_name: row.text("host_name")?,
                    first_night: row.date("first_night")?,
                    last_night: row.date("last_night")?,
                    children: Vec::new(),
                });
            }
            if let Some(sleepover) = sleepovers.last_mut() {
                sleepover.children.push(row.id("child_id")?);
            }
        }
        Ok(sleepovers)
    }

    /// Children of sibling groups and where they lived: their placements, or their household
    /// when they have none.
    async fn sibling_homes(&self, of: SiblingsOf<'_>) -> Result<Vec<Sibling>> {
        let mut query = Query::new(
            "children k LEFT JOIN placements p ON p.child_id = k.id \
             LEFT JOIN households h ON h.id = COALESCE(p.household_id, k.household_id)",
        );
        query.condition("k.sibling_group_id IS NOT NULL".into());
        let order = match &of {
            SiblingsOf::Children(ids) => Some(*ids),
            SiblingsOf::Services(..) => None,
        };
        match of {
            SiblingsOf::Services(mut services, group) => {
                services.sort();
                services.dedup();
                if let Some(group) = group {
                    query.filter(group, |p| format!("k.sibling_group_id = {p}"));
                }
                let list: Vec<String> = services.iter().map(|s| query.bind(s)).collect();
                if list.is_empty() {
                    return Ok(Vec::new());
                }
                query.condition(format!("k.service_id IN ({})", list.join(", ")));
            }
            SiblingsOf::Children(ids) => {
                let list: Vec<String> = ids.iter().map(|c| query.bind(c)).collect();
                query.condition(format!("k.id IN ({})", list.join(", ")));
            }
        }
        let columns = "k.id, k.name, k.sibling_group_id, h.id AS household_id, \
            h.display_name AS household_name, p.id AS placement_id, p.from_on, p.to_on";
        let rows = query.fetch_all(self, columns, "ORDER BY k.id, p.from_on").await?;
        let mut siblings: BTreeMap<Id, Sibling> = BTreeMap::new();
        for row in &rows {
            let id = row.id("id")?;
            let sibling = match siblings.entry(id) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => e.insert(Sibling {
                    id,
                    name: row.text("name")?,
                    group: row.id("sibling_group_id")?,
                    homes: Vec::new(),
                }),
            };
            if let Some(home) = home(row)? {
                sibling.homes.push(home);
            }
        }
        let mut found: Vec<Sibling> = siblings.into_values().collect();
        if let Some(ids) = order {
            found.sort_by_key(|s| ids.iter().position(|i| *i == s.id));
        }
        Ok(found)
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
            .fetch_optional(&self.pool)
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
        let mut query = Query::new(
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

enum SiblingsOf<'a> {
    /// The children of sibling groups in these services, or of this one group.
    Services(Vec<Id>, Option<Id>),
    Children(&'a [Id]),
}

/// One placement, or (for a child with none) the household the child lives in now.
fn home(row: &AnyRow) -> sqlx::Result<Option<Home>> {
    let Some(household_id) = row.opt_id("household_id")? else { return Ok(None) };
    let household_name = row.text("household_name")?;
    Ok(Some(match row.opt_id("placement_id")? {
        Some(_) => Home {
            household_id,
            household_name,
            from: row.date("from_on")?,
            to: row.opt_date("to_on")?,
        },
        None => Home { household_id, household_name, from: Date::earliest(), to: None },
    }))
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
