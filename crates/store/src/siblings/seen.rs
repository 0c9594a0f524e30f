//! What sibling contacts are found in: events whose attendance is recorded, confirmed or
//! completed sleepovers, and where each child of a sibling group lived.

use std::collections::BTreeMap;

use domain::sleepovers::earliest_first_night;
use domain::support::{EventSeen, Home, Sibling, SleepoverSeen};
use domain::{Date, Id, Scope, Sensitivity};
use sqlx::any::AnyRow;

use super::SiblingContactFilter;
use crate::query::Reach;
use crate::rows::RowExt;
use crate::{Result, Store};

const EVENTS: Reach =
    Reach::new(Sensitivity::Support, "e.service_id").constellation("e.constellation_id");
const SLEEPOVERS: Reach = Reach::new(Sensitivity::Support, "s.service_id")
    .household("s.host_household_id")
    .host("s.from_household_id");

impl Store {
    pub(super) async fn events_seen(
        &self,
        scope: &Scope,
        filter: &SiblingContactFilter,
    ) -> Result<Vec<EventSeen>> {
        let mut query =
            self.query("events e JOIN attendances a ON a.event_id = e.id AND a.children > 0");
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

    pub(super) async fn sleepovers_seen(
        &self,
        scope: &Scope,
        filter: &SiblingContactFilter,
    ) -> Result<Vec<SleepoverSeen>> {
        let mut query = self.query(
            "sleepovers s JOIN sleepover_children sc ON sc.sleepover_id = s.id \
             JOIN households f ON f.id = s.from_household_id \
             JOIN households t ON t.id = s.host_household_id",
        );
        query.scope(scope, SLEEPOVERS);
        query.condition("s.status IN ('confirmed', 'completed')".into());
        // A night before the first day too, to tell a stay that carries on from one that starts.
        let since = filter.from.add_days(-1);
        query.filter(since, |p| format!("s.last_night >= {p}"));
        query.filter(earliest_first_night(since), |p| format!("s.first_night >= {p}"));
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
    pub(super) async fn sibling_homes(&self, of: SiblingsOf<'_>) -> Result<Vec<Sibling>> {
        let mut query = self.query(
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
}

pub(super) enum SiblingsOf<'a> {
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
