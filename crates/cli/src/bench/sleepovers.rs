//! The sleepover measurements: a hub's month, and asking for then confirming a sleepover, with
//! the hubs, satellites and children they use found through the API first.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context;
use domain::{Date, Month};
use serde_json::Value;

use super::connection::{Connection, expect};
use super::{Attempt, Turn, Work};

/// A satellite household and a child who lives there.
#[derive(Debug, Clone)]
struct Pair {
    satellite: String,
    child: String,
}

/// What the sleepover measurements need from the caller's constellations.
pub struct Found {
    pub hubs: Vec<String>,
    pairs: Vec<Pair>,
}

impl Found {
    /// Reads the caller's constellations (the first 100), their hubs, their satellites and the
    /// children living in each.
    pub async fn read(connection: &mut Connection) -> anyhow::Result<Self> {
        let constellations = connection.get_json("/api/v1/constellations?per_page=100").await?;
        let mut hubs = Vec::new();
        let mut satellites = Vec::new();
        for constellation in items(&constellations) {
            if let Some(hub) = constellation["hub_household_id"].as_str() {
                hubs.push(hub.to_string());
            }
            let Some(id) = constellation["id"].as_str() else { continue };
            let households = connection
                .get_json(&format!("/api/v1/households?constellation_id={id}&per_page=100"))
                .await?;
            satellites.extend(
                items(&households)
                    .filter(|h| h["role"] == "satellite")
                    .filter_map(|h| h["id"].as_str().map(str::to_string)),
            );
        }
        let mut pairs = Vec::new();
        for satellite in satellites {
            let children = connection
                .get_json(&format!("/api/v1/children?household_id={satellite}&per_page=100"))
                .await?;
            pairs.extend(
                items(&children)
                    .filter_map(|c| c["id"].as_str())
                    .map(|child| Pair { satellite: satellite.clone(), child: child.to_string() }),
            );
        }
        if hubs.is_empty() || pairs.is_empty() {
            anyhow::bail!("there are no hubs, or no children in satellites, to measure");
        }
        Ok(Found { hubs, pairs })
    }

    pub fn pairs(&self) -> usize {
        self.pairs.len()
    }
}

fn items(page: &Value) -> impl Iterator<Item = &Value> {
    page["items"].as_array().into_iter().flatten()
}

/// This month and the next two, `YYYY-MM`: the months a carer looks at.
pub fn months(today: Date) -> [String; 3] {
    let this: Month = today.month();
    [this, this.next(), this.next().next()].map(|m| m.to_string())
}

/// Asks for a one-night sleepover at the hub for a child of a satellite and confirms it, timing
/// both. Once the time is up, each is cancelled, untimed, so the beds are free again and nothing
/// piles up. A refusal (no bed free, 409, or a rule broken, 422) is counted, not fatal.
#[derive(Clone)]
pub struct RequestConfirm {
    /// One set of (satellite, child) pairs a client, so clients do not ask for the same child.
    sets: Arc<Vec<Vec<Pair>>>,
    today: Date,
    /// The sleepovers asked for, to cancel when the time is up.
    made: Arc<Mutex<Vec<String>>>,
}

impl RequestConfirm {
    /// Deals the pairs out to `clients` sets; with fewer pairs than clients, clients share.
    pub fn new(found: &Found, clients: usize, today: Date) -> Self {
        let count = clients.clamp(1, found.pairs.len());
        let mut sets = vec![Vec::new(); count];
        for (n, pair) in found.pairs.iter().enumerate() {
            sets[n % count].push(pair.clone());
        }
        RequestConfirm { sets: Arc::new(sets), today, made: Arc::default() }
    }
}

impl Work for RequestConfirm {
    const DONE: &'static str = "cycles";
    const MISSED: &'static str = "refused";

    async fn once(&self, connection: &mut Connection, turn: Turn) -> anyhow::Result<Attempt> {
        let set = &self.sets[turn.client % self.sets.len()];
        let pair = &set[(turn.round % set.len() as u64) as usize];
        // Far ahead and spread out, so the hub's two beds and the household's 28 nights a year
        // are rarely what refuses; the override covers the rules (and missing authority).
        let night = self.today.add_days(400 + (turn.random % 3000) as i32);
        let request = serde_json::json!({
            "from_household_id": pair.satellite,
            "child_ids": [pair.child],
            "first_night": night.to_string(),
            "nights": 1,
            "kind": "planned",
            "reason": "respite",
            "override_reason": "Benchmark",
        });
        let started = Instant::now();
        let (status, body) =
            connection.send("POST", "/api/v1/sleepovers", request.to_string().as_bytes()).await?;
        if refused(status) {
            return Ok(Attempt { took: started.elapsed(), expected: false });
        }
        expect("POST /api/v1/sleepovers", 201, status, &body)?;
        let made: Value = serde_json::from_slice(&body)?;
        let id = made["id"].as_str().context("a sleepover without an id")?;
        let confirm = format!("/api/v1/sleepovers/{id}/confirm");
        let (status, body) = connection.send("POST", &confirm, b"").await?;
        let took = started.elapsed();
        if !refused(status) {
            expect(&format!("POST {confirm}"), 200, status, &body)?;
        }
        self.made.lock().map_err(|_| anyhow::anyhow!("a client failed"))?.push(id.to_string());
        Ok(Attempt { took, expected: status == 200 })
    }

    async fn tidy(&self, connection: &mut Connection) -> anyhow::Result<()> {
        loop {
            let next = self.made.lock().map_err(|_| anyhow::anyhow!("a client failed"))?.pop();
            let Some(id) = next else { return Ok(()) };
            let cancel = format!("/api/v1/sleepovers/{id}/cancel");
            let (answer, body) = connection.send("POST", &cancel, b"").await?;
            expect(&format!("POST {cancel}"), 200, answer, &body)?;
        }
    }
}

/// No bed free (409), or a rule the override does not cover (422).
fn refused(status: u16) -> bool {
    matches!(status, 409 | 422)
}
