//! The facts behind the fidelity view, counted for a service's constellations in a few grouped
//! reads (not a read per constellation), then judged by the domain.

use std::collections::HashMap;

use domain::fidelity::{Facts, Fidelity, PLANNING_MONTHS, assess, authority_gap};
use domain::{Arrangement, Choice, ConstellationStatus, Date, Id, PageRequest, Scope, london};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::rows::RowExt;
use crate::{Result, Store, staff_only};

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// The fidelity of each of a service's constellations the caller reads, closed ones left
    /// out: for its service manager and its liaison workers.
    #[instrument(skip_all)]
    pub async fn service_fidelity(&self, scope: &Scope, service: Id) -> Result<Vec<Fidelity>> {
        self.service(scope, service).await?;
        staff_only(scope, service)?;
        let all = PageRequest::new(Some(1), Some(100), None);
        let mut facts: Vec<Facts> = Vec::new();
        let mut page = all.clone();
        loop {
            let found = self.constellations(scope, Some(service), &page).await?;
            for c in found.items.iter().filter(|c| c.status != ConstellationStatus::Closed) {
                facts.push(Facts {
                    constellation_id: c.id,
                    constellation_name: c.name.clone(),
                    hub_household_id: c.hub_household_id,
                    liaison_worker: c.liaison_worker.clone(),
                    ..Default::default()
                });
            }
            if page.page >= found.pages() {
                break;
            }
            page.page += 1;
        }
        self.count_facts(&mut facts).await?;
        Ok(facts.iter().map(assess).collect())
    }

    /// One constellation's fidelity.
    #[instrument(skip_all, fields(constellation = %id))]
    pub async fn constellation_fidelity(&self, scope: &Scope, id: Id) -> Result<Fidelity> {
        let c = self.constellation(scope, id).await?;
        staff_only(scope, c.service_id)?;
        let mut facts = vec![Facts {
            constellation_id: c.id,
            constellation_name: c.name.clone(),
            hub_household_id: c.hub_household_id,
            liaison_worker: c.liaison_worker.clone(),
            ..Default::default()
        }];
        self.count_facts(&mut facts).await?;
        Ok(assess(&facts[0]))
    }

    async fn count_facts(&self, facts: &mut [Facts]) -> Result<()> {
        if facts.is_empty() {
            return Ok(());
        }
        let today = Date::today();
        let ids: Vec<String> = facts.iter().map(|f| f.constellation_id.to_string()).collect();
        let index: HashMap<String, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        let n = ids.len();
        // The constellations' ids follow today (`$1`) and, where a read needs one, `$2`.
        let list = placeholders(2, n);
        let list3 = placeholders(3, n);
        let current = "m.from_on <= $1 AND (m.to_on IS NULL OR m.to_on >= $1)";
        let run = |sql: String, second: Option<String>| {
            let ids = ids.clone();
            let today = today.to_string();
            async move {
                let mut query = sqlx::query(&sql).bind(today);
                if let Some(second) = second {
                    query = query.bind(second);
                }
                for id in &ids {
                    query = query.bind(id.clone());
                }
                Ok::<_, crate::Error>(query.fetch_all(&mut *self.read().await?).await?)
            }
        };
        let at = |row: &AnyRow| -> sqlx::Result<Option<usize>> {
            Ok(index.get(&row.text("constellation_id")?).copied())
        };

        let members = run(
            format!(
                "SELECT m.constellation_id, m.role, count(*) AS n FROM memberships m \
                 WHERE {current} AND m.constellation_id IN ({list}) \
                 GROUP BY m.constellation_id, m.role"
            ),
            None,
        )
        .await?;
        for row in &members {
            let Some(i) = at(row)? else { continue };
            match row.text("role")?.as_str() {
                "hub" => facts[i].hubs = row.int("n")?,
                _ => facts[i].satellites = row.int("n")?,
            }
        }

        // Planning meetings in the whole months before this one, by the UK month they fell in.
        let this_month = today.month();
        let months: Vec<domain::Month> = (1..=PLANNING_MONTHS)
            .scan(this_month, |m, _| {
                *m = m.previous();
                Some(*m)
            })
            .collect();
        let earliest = months.last().copied().unwrap_or(this_month);
        let sql = format!(
            "SELECT e.constellation_id, e.starts_at FROM events e WHERE e.kind = 'planning' \
             AND e.cancelled = 0 AND e.starts_at >= $1 AND e.starts_at < $2 \
             AND e.constellation_id IN ({list3})"
        );
        let mut query = sqlx::query(&sql)
            .bind(earliest.first_day().start_instant())
            .bind(this_month.first_day().start_instant());
        for id in &ids {
            query = query.bind(id.clone());
        }
        let planning = query.fetch_all(&mut *self.read().await?).await?;
        let mut held: Vec<Vec<domain::Month>> = vec![Vec::new(); n];
        for row in &planning {
            let Some(i) = at(row)? else { continue };
            let start = row.instant("starts_at")?;
            let day = start.to_zoned(london()).date().to_string();
            if let Ok(d) = Date::parse(&day) {
                held[i].push(d.month());
            }
        }
        for (i, f) in facts.iter_mut().enumerate() {
            f.planning = months.iter().map(|m| (*m, held[i].contains(m))).collect();
        }

        let hubs: Vec<String> =
            facts.iter().filter_map(|f| f.hub_household_id.map(|h| h.to_string())).collect();
        if !hubs.is_empty() {
            let sql = format!(
                "SELECT id, sleepover_beds FROM households WHERE id IN ({})",
                placeholders(1, hubs.len())
            );
            let mut query = sqlx::query(&sql);
            for h in &hubs {
                query = query.bind(h.clone());
            }
            let beds: HashMap<String, i64> = query
                .fetch_all(&mut *self.read().await?)
                .await?
                .iter()
                .map(|r| Ok((r.text("id")?, r.int("sleepover_beds")?)))
                .collect::<sqlx::Result<_>>()?;
            for f in facts.iter_mut() {
                let hub = f.hub_household_id.map(|h| h.to_string()).unwrap_or_default();
                f.hub_beds = beds.get(&hub).copied().unwrap_or(0);
            }
        }

        let looked_after: Vec<&str> =
            Arrangement::ALL.iter().filter(|a| a.is_looked_after()).map(|a| a.as_str()).collect();
        let children = run(
            format!(
                "SELECT m.constellation_id, k.arrangement, k.da_granted_on, k.da_review_on \
                 FROM children k JOIN memberships m ON m.household_id = k.household_id \
                 WHERE {current} AND m.constellation_id IN ({list})"
            ),
            None,
        )
        .await?;
        for row in &children {
            let Some(i) = at(row)? else { continue };
            if !looked_after.contains(&row.text("arrangement")?.as_str()) {
                continue;
            }
            let (granted, review) = (row.opt_date("da_granted_on")?, row.opt_date("da_review_on")?);
            facts[i].count_child(authority_gap(granted, review, today));
        }

        let temporary = run(
            format!(
                "SELECT m.constellation_id, count(*) AS n FROM placements p \
                 JOIN memberships m ON m.household_id = p.household_id \
                 WHERE {current} AND p.from_on >= $2 AND p.place_code LIKE 'T%' \
                 AND m.constellation_id IN ({list3}) GROUP BY m.constellation_id"
            ),
            Some(today.add_days(-365).to_string()),
        )
        .await?;
        for row in &temporary {
            let Some(i) = at(row)? else { continue };
            facts[i].temporary_placements = row.int("n")?;
        }
        Ok(())
    }
}
