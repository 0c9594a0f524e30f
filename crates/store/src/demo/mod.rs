//! `constellate demo`: realistic invented data at any scale (DESIGN §8).
//!
//! Generation is a pure function of the [`DemoSpec`] and a service's index, so one seed always
//! makes the same rows; each service's rows are then written in one transaction, in multi-row
//! inserts. While the demo fills an empty SQLite file it turns off `fsync` (a crash means running
//! the demo again), and turns it back on, with a checkpoint, before it reports success.

mod activity;
mod clock;
mod names;
mod people;
mod plan;
mod registry;
mod returns;
mod rng;
mod rows;
mod users;

pub use users::{DEMO_DOMAIN, DemoSignIn};

use domain::Date;
use sqlx::{Connection, Executor};
use tracing::info;

use crate::{Backend, Error, Result, Store};
use clock::Clock;
use rows::{Rows, T};

/// What to make.
#[derive(Debug, Clone)]
pub struct DemoSpec {
    /// Households in all, including those that have left.
    pub households: u32,
    /// Years of history ending on `until`.
    pub years: u32,
    pub seed: u64,
    /// The last day of history; a few sleepovers and events are booked for the weeks after it.
    pub until: Date,
}

/// How many rows the demo made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub services: u64,
    pub constellations: u64,
    pub households: u64,
    pub carers: u64,
    pub children: u64,
    pub placements: u64,
    pub sleepovers: u64,
    pub events: u64,
    pub contacts: u64,
    pub concerns: u64,
    /// Every row in every table.
    pub rows: u64,
}

impl DemoSummary {
    fn from_rows(rows: &Rows) -> Self {
        DemoSummary {
            services: rows.count(T::Services),
            constellations: rows.count(T::Constellations),
            households: rows.count(T::Households),
            carers: rows.count(T::Carers),
            children: rows.count(T::Children),
            placements: rows.count(T::Placements),
            sleepovers: rows.count(T::Sleepovers),
            events: rows.count(T::Events),
            contacts: rows.count(T::Contacts),
            concerns: rows.count(T::Concerns),
            rows: rows.total(),
        }
    }
}

/// How the households are shared between services: about 290 each, and at least two services
/// once there are enough households to show that services cannot see each other's records.
fn service_shares(spec: &DemoSpec) -> Vec<usize> {
    let total = spec.households as usize;
    let services = if total < 40 { 1 } else { (total / 290).max(2) };
    let mut rng = rng::Rng::new(spec.seed, u64::MAX);
    let weights: Vec<usize> = (0..services).map(|_| rng.between(70, 130) as usize).collect();
    let sum: usize = weights.iter().sum();
    let mut shares: Vec<usize> = weights.iter().map(|w| total * w / sum).collect();
    let given: usize = shares.iter().sum();
    shares[0] += total - given;
    shares
}

/// Every row of one service.
fn service_rows(spec: &DemoSpec, index: usize, households: usize) -> Rows {
    let clock = Clock::new(spec);
    let mut rows = Rows::default();
    plan::service(spec, &clock, index, households, &mut rows);
    rows
}

impl Store {
    /// Fills an empty database with invented data; see [`DemoSpec`].
    pub async fn generate_demo(&self, spec: &DemoSpec) -> Result<DemoSummary> {
        let mut conn = self.pool.acquire().await?;
        let sqlite = self.backend == Backend::Sqlite;
        if sqlite {
            conn.execute("PRAGMA synchronous = OFF").await?;
        }
        let written = fill(&mut conn, spec, sqlite).await;
        if sqlite {
            let restored =
                conn.execute("PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE);").await;
            if restored.is_err() {
                // Never hand a connection without `fsync` back to the pool.
                conn.close_on_drop();
            }
            restored?;
        } else if written.is_ok() {
            // Fresh statistics, or PostgreSQL plans the first reads as if the tables were empty.
            conn.execute("ANALYZE").await?;
        }
        written
    }
}

async fn fill(
    conn: &mut sqlx::AnyConnection,
    spec: &DemoSpec,
    sqlite: bool,
) -> Result<DemoSummary> {
    let shares = service_shares(spec);
    let mut total = Rows::default();
    let spec_for = |index: usize| {
        let spec = spec.clone();
        let households = shares[index];
        tokio::task::spawn_blocking(move || service_rows(&spec, index, households))
    };
    // The next service is generated on another thread while this one is written.
    let mut next = Some(spec_for(0));
    for index in 0..shares.len() {
        let handle = next.take().expect("a service is always in hand");
        let mut rows =
            handle.await.map_err(|e| Error::Config(format!("demo generation failed: {e}")))?;
        if index + 1 < shares.len() {
            next = Some(spec_for(index + 1));
        }
        let mut tx = if index > 0 {
            conn.begin().await?
        } else if sqlite {
            conn.begin_with("BEGIN IMMEDIATE").await?
        } else {
            let mut tx = conn.begin().await?;
            tx.execute("LOCK TABLE services IN SHARE ROW EXCLUSIVE MODE").await?;
            tx
        };
        if index == 0 {
            // Checked under the write lock, so two demos started at once cannot both fill it.
            let (services,): (i64,) =
                sqlx::query_as("SELECT count(*) FROM services").fetch_one(&mut *tx).await?;
            if services > 0 {
                return Err(Error::NotEmpty);
            }
        }
        rows.write(&mut tx).await?;
        tx.commit().await?;
        total.absorb(&rows);
        info!(service = index + 1, of = shares.len(), rows = total.total(), "demo service written");
    }
    Ok(DemoSummary::from_rows(&total))
}

#[cfg(test)]
mod tests;
