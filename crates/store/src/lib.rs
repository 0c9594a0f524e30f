//! Persistence: one [`Store`] over SQLite and PostgreSQL, chosen by the database URL's scheme.
//!
//! SQL is written once, with `$1, $2` placeholders, through sqlx's `Any` driver. Every read takes
//! the caller's [`Scope`] and filters by it in SQL, so an id outside the scope is simply not found.

pub mod accounts;
pub mod audit;
mod carers;
mod children;
mod concerns;
mod connections;
mod constellations;
mod contacts;
mod costs;
mod deferred;
pub mod demo;
mod error;
mod events;
mod fidelity;
mod households;
pub mod mail;
mod memberships;
mod placements;
mod query;
mod returns;
mod rows;
mod services;
mod siblings;
mod sleepovers;
mod spans;
mod surveys;
#[cfg(test)]
mod testing;
pub(crate) mod write;

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use concerns::ConcernFilter;
pub use contacts::ContactFilter;
use domain::Power;
pub use domain::Scope;
pub use error::{Error, Result};
pub use events::EventFilter;
pub use households::HouseholdFilter;
use rows::RowExt;
pub use siblings::SiblingContactFilter;
pub use sleepovers::{SleepoverFilter, Stepping};

/// Which database engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Chooses the backend from the URL's scheme: `sqlite:` or `postgres:`/`postgresql:`.
    pub fn from_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(Error::Config("DATABASE_URL must start with sqlite: or postgres:".into()))
        }
    }
}

/// The one way into the database.
#[derive(Clone)]
pub struct Store {
    /// The one connection that migrates and loads the demo.
    pool: AnyPool,
    /// Where reads go: see `connections`. On PostgreSQL, writes too.
    connections: std::sync::Arc<connections::Connections>,
    /// Where writes go on SQLite: one connection, as SQLite lets one writer in at a time, and
    /// writers waiting in line here are served in turn, where waiting in SQLite's busy handler
    /// they would sleep and retry. On PostgreSQL, none: writes share the reads' connections.
    writer: Option<std::sync::Arc<write::WriterQueue>>,
    backend: Backend,
    /// The returns sent, as last read for the roll-up: see `returns::SentCache`.
    sent_cache: std::sync::Arc<returns::SentCache>,
}

static MIGRATE_SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static MIGRATE_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Store {
    /// Opens a pool. A SQLite file is created if missing and runs with WAL, foreign keys,
    /// `synchronous=FULL` and a busy timeout on every connection.
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let options =
            AnyConnectOptions::from_str(&url).map_err(|e| Error::Config(e.to_string()))?;
        let (pool, connections, writer) = match backend {
            Backend::Sqlite => {
                let settings = format!("{SQLITE_PRAGMAS} {WRITER_PRAGMAS}");
                let writer = write::sqlite_writer(&options, &settings).await?;
                let settings = format!("{SQLITE_PRAGMAS} {READER_PRAGMAS}");
                let readers = connections::Connections::new(&options, 8, settings, false);
                let pool = sqlite_pool().connect_with(options).await?;
                (pool, readers, Some(writer))
            }
            Backend::Postgres => {
                let settings = POSTGRES_SETTINGS.to_string();
                let readers =
                    connections::Connections::new(&options, postgres_connections(), settings, true);
                let pool = AnyPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(connections::WAIT)
                    .connect_with(options)
                    .await?;
                (pool, readers, None)
            }
        };
        Ok(Store { pool, connections, writer, backend, sent_cache: returns::SentCache::new() })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &MIGRATE_SQLITE,
            Backend::Postgres => &MIGRATE_POSTGRES,
        };
        migrator.run(&self.pool).await.map_err(|e| Error::Config(format!("migration failed: {e}")))
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&mut *self.read().await?).await?;
        Ok(())
    }

    /// The tables and their columns, for checking that both backends' schemas match.
    pub async fn schema(&self) -> Result<Vec<(String, String)>> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' \
                 ORDER BY 1, 2"
            }
            Backend::Postgres => {
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%' ORDER BY 1, 2"
            }
        };
        let rows: Vec<(String, String)> =
            sqlx::query_as(sql).fetch_all(&mut *self.read().await?).await?;
        Ok(rows)
    }

    /// Whether the registry holds any service yet (the demo fills an empty database only).
    pub async fn is_empty(&self) -> Result<bool> {
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM services")
            .fetch_one(&mut *self.read().await?)
            .await?;
        Ok(n == 0)
    }
}

/// Every SQLite connection's settings.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
     PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

/// How many connections serve requests at once on PostgreSQL: twice this machine's cores and
/// two more, PostgreSQL's own rule of thumb. More only share the same cores inside the server,
/// and a statement waits for its turn there, holding its locks, rather than in the store's
/// queue: on two cores, sixteen connections took about as many cycles of ask-then-confirm a second
/// as six, with half again as long a p99.
fn postgres_connections() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (cores * 2 + 2).clamp(4, 32)
}

/// Every PostgreSQL connection's settings that serves requests. Each request's reads are small:
/// starting parallel workers for them costs more than it saves, and takes cores from other
/// requests.
const POSTGRES_SETTINGS: &str = "SET max_parallel_workers_per_gather = 0";

/// What the readers add to every connection's settings: each keeps up to 64 MiB of pages
/// (SQLite's default is 2 MiB), and reads the file mapped into memory rather than copying each
/// page it steps through. The one writer does neither: mapping made its writes slower.
const READER_PRAGMAS: &str = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 8589934592;";

/// What the writer adds: each write in a shared commit keeps a savepoint (see `write`), and the
/// pages it changes are copied aside in case it is rolled back. Kept in memory, not in a file,
/// as the copies are needed only until the commit; what a crash must not lose is in the WAL.
const WRITER_PRAGMAS: &str = "PRAGMA temp_store = MEMORY;";

/// SQLite's pool of one connection, for migrations and the demo's load, with WAL, foreign keys,
/// `synchronous=FULL`, a busy timeout and the readers' cache.
fn sqlite_pool() -> AnyPoolOptions {
    AnyPoolOptions::new().max_connections(1).acquire_timeout(connections::WAIT).after_connect(
        move |conn, _| {
            Box::pin(async move {
                conn.execute(format!("{SQLITE_PRAGMAS} {READER_PRAGMAS}").as_str()).await?;
                Ok(())
            })
        },
    )
}

impl Store {
    /// The caller's name as a record shows who made it.
    pub(crate) async fn person_name(&self, scope: &Scope) -> Result<String> {
        let Some(person) = scope.person() else { return Ok("Command line".into()) };
        let row = sqlx::query("SELECT name FROM users WHERE id = $1")
            .bind(person.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        Ok(row.map(|r| r.text("name")).transpose()?.unwrap_or_default())
    }
}

/// Refuses a write the caller's roles do not allow. Reach is checked before, by reading the
/// record through the scope: what the caller cannot see is not found, not forbidden.
/// For the service's staff alone: to anyone else, not found.
fn staff_only(scope: &Scope, service: domain::Id) -> Result<()> {
    if scope.may(Power::KeepRecords(service)) { Ok(()) } else { Err(Error::NotFound) }
}

fn require(scope: &Scope, power: Power) -> Result<()> {
    if scope.may(power) { Ok(()) } else { Err(Error::Forbidden) }
}

/// The time now, as stored: RFC 3339 in UTC.
fn now() -> String {
    jiff::Timestamp::now().to_string()
}
