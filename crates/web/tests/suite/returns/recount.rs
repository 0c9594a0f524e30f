//! Every figure of the monthly return worked out again from the raw rows of a generated demo,
//! by plain loops over whole tables, and compared with what the API's return shows.

use std::collections::{BTreeMap, BTreeSet};

use domain::{Date, Month};
use jiff::Timestamp;
use sqlx::AnyPool;

use crate::harness::row_as_text;

type Rows = Vec<BTreeMap<String, Option<String>>>;

/// Every row of a table, each column as text (numbers written out).
async fn table(pool: &AnyPool, sql: &str) -> Rows {
    let rows = sqlx::query(sql).fetch_all(pool).await.expect(sql);
    rows.iter().map(|row| row_as_text(row).into_iter().collect()).collect()
}

fn s<'a>(row: &'a BTreeMap<String, Option<String>>, column: &str) -> &'a str {
    row.get(column).and_then(|v| v.as_deref()).unwrap_or("")
}

fn n(row: &BTreeMap<String, Option<String>>, column: &str) -> i64 {
    s(row, column).parse().unwrap_or(0)
}

fn on_or_before(day: &str, limit: &str) -> bool {
    !day.is_empty() && day <= limit
}

fn open_on(to: &str, day: &str) -> bool {
    to.is_empty() || to >= day
}

pub struct Raw {
    constellations: Rows,
    memberships: Rows,
    carers: Rows,
    children: Rows,
    placements: Rows,
    events: Rows,
    attendances: Rows,
    contacts: Rows,
    sleepovers: Rows,
    sleepover_children: Rows,
    concerns: Rows,
    surveys: Rows,
    recorded: Rows,
}

impl Raw {
    pub async fn load(pool: &AnyPool) -> Raw {
        Raw {
            constellations: table(pool, "SELECT * FROM constellations").await,
            memberships: table(pool, "SELECT * FROM memberships").await,
            carers: table(pool, "SELECT * FROM carers").await,
            children: table(pool, "SELECT * FROM children").await,
            placements: table(pool, "SELECT * FROM placements").await,
            events: table(pool, "SELECT * FROM events").await,
            attendances: table(pool, "SELECT * FROM attendances").await,
            contacts: table(pool, "SELECT * FROM contacts").await,
            sleepovers: table(pool, "SELECT * FROM sleepovers").await,
            sleepover_children: table(pool, "SELECT * FROM sleepover_children").await,
            concerns: table(pool, "SELECT * FROM concerns").await,
            surveys: table(pool, "SELECT * FROM surveys").await,
            recorded: table(pool, "SELECT * FROM sibling_contacts").await,
        }
    }

    fn members(&self, service: &str, day: &str) -> BTreeSet<String> {
        self.memberships
            .iter()
            .filter(|m| s(m, "service_id") == service)
            .filter(|m| on_or_before(s(m, "from_on"), day) && open_on(s(m, "to_on"), day))
            .map(|m| s(m, "household_id").to_string())
            .collect()
    }

    /// Where a child lived on a day: the placement then, or with no placements their household.
    fn home(&self, child: &BTreeMap<String, Option<String>>, day: &str) -> Option<String> {
        let id = s(child, "id");
        let placements: Vec<_> =
            self.placements.iter().filter(|p| s(p, "child_id") == id).collect();
        if placements.is_empty() {
            return Some(s(child, "household_id").to_string()).filter(|h| !h.is_empty());
        }
        placements
            .iter()
            .find(|p| on_or_before(s(p, "from_on"), day) && open_on(s(p, "to_on"), day))
            .map(|p| s(p, "household_id").to_string())
    }

    /// The figures of a service's month, by key, as the return defines them.
    pub fn figures(&self, service: &str, month: Month) -> BTreeMap<String, Option<i64>> {
        let (first, last) = (month.first_day().to_string(), month.last_day().to_string());
        let (start, end) = month.instants();
        let (start, end): (Timestamp, Timestamp) = (start.parse().unwrap(), end.parse().unwrap());
        let within = |at: &str| at.parse::<Timestamp>().is_ok_and(|t| start <= t && t < end);
        let in_month = |day: &str| first.as_str() <= day && day <= last.as_str();
        let mine = |row: &&BTreeMap<String, Option<String>>| s(row, "service_id") == service;
        let mut f: BTreeMap<String, Option<i64>> = BTreeMap::new();
        let mut put = |key: &str, value: i64| {
            f.insert(key.to_string(), Some(value));
        };

        put(
            "constellations",
            self.constellations
                .iter()
                .filter(mine)
                .filter(|c| {
                    on_or_before(s(c, "launched_on"), &last) && open_on(s(c, "closed_on"), &last)
                })
                .count() as i64,
        );
        for role in ["hub", "satellite"] {
            let homes: BTreeSet<&str> = self
                .memberships
                .iter()
                .filter(mine)
                .filter(|m| s(m, "role") == role)
                .filter(|m| on_or_before(s(m, "from_on"), &last) && open_on(s(m, "to_on"), &last))
                .map(|m| s(m, "household_id"))
                .collect();
            put(&format!("{role}_homes"), homes.len() as i64);
        }
        let at_end = self.members(service, &last);
        put(
            "adults",
            self.carers
                .iter()
                .filter(mine)
                .filter(|r| at_end.contains(s(r, "household_id")))
                .filter(|r| {
                    on_or_before(s(r, "approved_from"), &last)
                        && open_on(s(r, "approved_to"), &last)
                })
                .count() as i64,
        );
        let mut by_arrangement: BTreeMap<String, i64> = BTreeMap::new();
        for k in self.children.iter().filter(mine) {
            if self.home(k, &last).is_some_and(|h| at_end.contains(&h)) {
                *by_arrangement.entry(s(k, "arrangement").to_string()).or_default() += 1;
            }
        }
        let mut everyone = 0;
        for arrangement in
            ["mainstream_foster", "kinship", "sgo", "adopted", "residential_linked", "other"]
        {
            let count = by_arrangement.get(arrangement).copied().unwrap_or(0);
            everyone += count;
            put(&format!("children_{arrangement}"), count);
        }
        let sons = by_arrangement.get("birth_child").copied().unwrap_or(0);
        put("sons_and_daughters", sons);
        put("children", everyone + sons);

        for (key, kind) in [
            ("social_activities", "social"),
            ("training_sessions", "training"),
            ("peer_support_sessions", "peer_support"),
            ("planning_meetings", "planning"),
        ] {
            let held = self.events.iter().filter(mine).filter(|e| {
                s(e, "kind") == kind && n(e, "cancelled") == 0 && within(s(e, "starts_at"))
            });
            put(key, held.count() as i64);
        }
        put(
            "contacts",
            self.contacts.iter().filter(mine).filter(|c| within(s(c, "at"))).count() as i64,
        );

        let live: Vec<_> = self
            .sleepovers
            .iter()
            .filter(mine)
            .filter(|x| matches!(s(x, "status"), "confirmed" | "completed"))
            .collect();
        let starting: Vec<_> = live.iter().filter(|x| in_month(s(x, "first_night"))).collect();
        put(
            "planned_sleepovers",
            starting.iter().filter(|x| s(x, "kind") == "planned").count() as i64,
        );
        put(
            "emergency_sleepovers",
            starting.iter().filter(|x| s(x, "kind") == "emergency").count() as i64,
        );
        put("short_breaks", starting.iter().filter(|x| n(x, "short_break") != 0).count() as i64);
        let mut nights = 0;
        for x in &live {
            let mut night = Date::parse(s(x, "first_night")).unwrap();
            let end_night = Date::parse(s(x, "last_night")).unwrap();
            while night <= end_night {
                if in_month(&night.to_string()) {
                    nights += 1;
                }
                night = night.add_days(1);
            }
        }
        put("sleepover_nights", nights);
        let mut minutes: Vec<i64> = self
            .sleepovers
            .iter()
            .filter(mine)
            .filter(|x| s(x, "kind") == "emergency" && within(s(x, "answered_at")))
            .map(|x| {
                let asked: Timestamp = s(x, "requested_at").parse().unwrap();
                let answered: Timestamp = s(x, "answered_at").parse().unwrap();
                (answered.as_second() - asked.as_second()).max(0) / 60
            })
            .collect();
        minutes.sort();
        let median = match minutes.len() {
            0 => None,
            k if k % 2 == 1 => Some(minutes[k / 2]),
            k => Some((minutes[k / 2 - 1] + minutes[k / 2]) / 2),
        };
        f.insert("emergency_answer_minutes".into(), median);
        let mut put = |key: &str, value: i64| {
            f.insert(key.to_string(), Some(value));
        };
        put("sibling_contacts", self.sibling_contacts(service, month));

        put(
            "concerns_opened",
            self.concerns.iter().filter(mine).filter(|c| in_month(s(c, "opened_on"))).count()
                as i64,
        );
        for (key, kind) in [
            ("breakdowns_prevented", "placement_at_risk"),
            ("resignations_avoided", "carer_may_resign"),
            ("residential_avoided", "residential_risk"),
        ] {
            let counted = self.concerns.iter().filter(mine).filter(|c| {
                s(c, "kind") == kind
                    && in_month(s(c, "closed_on"))
                    && s(c, "outcome") == "stabilised"
                    && n(c, "attributed") == 1
            });
            put(key, counted.count() as i64);
        }

        let mut left_in_all = 0;
        for reason in ["resigned", "deregistered", "retired", "transferred", "other"] {
            let left = self.carers.iter().filter(mine).filter(|r| {
                let why = match s(r, "approval_end_reason") {
                    "resigned" | "deregistered" | "retired" | "transferred" => {
                        s(r, "approval_end_reason")
                    }
                    _ => "other",
                };
                in_month(s(r, "approved_to")) && why == reason
            });
            let count = left.count() as i64;
            left_in_all += count;
            put(&format!("carers_left_{reason}"), count);
        }
        put("carers_left", left_in_all);
        let at_start = self.members(service, &first);
        for (key, inside) in [("constellations", true), ("elsewhere", false)] {
            let approved: Vec<_> = self
                .carers
                .iter()
                .filter(mine)
                .filter(|r| at_start.contains(s(r, "household_id")) == inside)
                .filter(|r| {
                    on_or_before(s(r, "approved_from"), &first)
                        && open_on(s(r, "approved_to"), &first)
                })
                .collect();
            put(&format!("approved_at_start_{key}"), approved.len() as i64);
            put(
                &format!("still_approved_{key}"),
                approved.iter().filter(|r| open_on(s(r, "approved_to"), &last)).count() as i64,
            );
        }
        for question in ["respite", "peer_support"] {
            for rating in ["excellent", "good", "fair", "poor"] {
                let answered = self
                    .surveys
                    .iter()
                    .filter(mine)
                    .filter(|a| in_month(s(a, "answered_on")) && s(a, question) == rating);
                put(&format!("{question}_{rating}"), answered.count() as i64);
            }
        }
        f
    }

    /// Meetings of siblings from two or more households: at an event both brought children to,
    /// under one host's roof on a night (a run of nights with the same children once), or
    /// recorded.
    fn sibling_contacts(&self, service: &str, month: Month) -> i64 {
        let (first, last) = (month.first_day(), month.last_day());
        let mut groups: BTreeMap<&str, Vec<&BTreeMap<String, Option<String>>>> = BTreeMap::new();
        for k in &self.children {
            if let Some(group) = k.get("sibling_group_id").and_then(|g| g.as_deref()) {
                groups.entry(group).or_default().push(k);
            }
        }
        let mut found = 0;
        for e in
            self.events.iter().filter(|e| s(e, "service_id") == service && n(e, "cancelled") == 0)
        {
            let day = Date::of(s(e, "starts_at").parse().unwrap());
            if day < first || last < day {
                continue;
            }
            let came: BTreeSet<&str> = self
                .attendances
                .iter()
                .filter(|a| s(a, "event_id") == s(e, "id") && n(a, "children") > 0)
                .map(|a| s(a, "household_id"))
                .collect();
            for members in groups.values() {
                let homes: BTreeSet<String> = members
                    .iter()
                    .filter_map(|k| self.home(k, &day.to_string()))
                    .filter(|h| came.contains(h.as_str()))
                    .collect();
                if homes.len() >= 2 {
                    found += 1;
                }
            }
        }
        // Who is under each host's roof each night, per sibling group: (child, came from).
        let mut roofs: BTreeMap<(String, String, Date), BTreeSet<(String, String)>> =
            BTreeMap::new();
        for x in self.sleepovers.iter().filter(|x| s(x, "service_id") == service) {
            if !matches!(s(x, "status"), "confirmed" | "completed") {
                continue;
            }
            for sc in self.sleepover_children.iter().filter(|c| s(c, "sleepover_id") == s(x, "id"))
            {
                let Some(k) = self.children.iter().find(|k| s(k, "id") == s(sc, "child_id")) else {
                    continue;
                };
                let Some(group) = k.get("sibling_group_id").and_then(|g| g.clone()) else {
                    continue;
                };
                let mut night = Date::parse(s(x, "first_night")).unwrap();
                while night <= Date::parse(s(x, "last_night")).unwrap() {
                    roofs
                        .entry((s(x, "host_household_id").to_string(), group.clone(), night))
                        .or_default()
                        .insert((s(k, "id").to_string(), s(x, "from_household_id").to_string()));
                    night = night.add_days(1);
                }
            }
        }
        let mut meetings: BTreeMap<(String, String, Date), BTreeSet<String>> = BTreeMap::new();
        for ((host, group, night), mut here) in roofs {
            for k in groups.get(group.as_str()).into_iter().flatten() {
                let id = s(k, "id").to_string();
                if self.home(k, &night.to_string()).as_deref() == Some(host.as_str())
                    && !here.iter().any(|(c, _)| *c == id)
                {
                    here.insert((id, host.clone()));
                }
            }
            let homes: BTreeSet<&String> = here.iter().map(|(_, h)| h).collect();
            if homes.len() >= 2 {
                meetings.insert((host, group, night), here.into_iter().map(|(c, _)| c).collect());
            }
        }
        for ((host, group, night), children) in &meetings {
            let before = meetings.get(&(host.clone(), group.clone(), night.add_days(-1)));
            if before != Some(children) && first <= *night && *night <= last {
                found += 1;
            }
        }
        let recorded = self.recorded.iter().filter(|x| {
            s(x, "service_id") == service
                && s(x, "withdrawn_at").is_empty()
                && (first.to_string().as_str()..=last.to_string().as_str())
                    .contains(&s(x, "on_date"))
        });
        found + recorded.count() as i64
    }
}
