//! A set of open connections, taken in turn and handed straight back: SQLite's readers, and
//! every connection that serves requests on PostgreSQL.
//!
//! Kept here rather than in sqlx's pool, as the pool pings each connection when it is handed
//! back, and again when it is taken: two more trips to the database for every statement a
//! request runs, which on PostgreSQL cost about as much as the statements themselves.
//!
//! A connection still has to be known to work before it is used. On SQLite a file does not drop
//! a connection as a network can, and a statement cut off part-way is reset before the
//! connection's next, so its connections are never checked. On PostgreSQL a connection is
//! pinged before use only where it may have broken: it has been idle long enough for the server
//! or the network to have dropped it, or a connection has failed (see [`note`]) since it was
//! last known to work. A connection that fails its ping is closed and another taken.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, ConnectOptions, Connection, Executor};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::Result;

/// How long a caller waits for a connection before it gives up, here and in the pools.
pub(crate) const WAIT: Duration = Duration::from_secs(10);

/// A connection idle longer than this is pinged before it is used again.
const IDLE_CHECK: Duration = Duration::from_secs(30);

/// Counts the connections that have failed, on any set: see [`note`].
static FAILURES: AtomicU64 = AtomicU64::new(0);

/// Notes an error that may mean a connection is broken (the network, the server going away),
/// so every connection taken after it is pinged first.
pub(crate) fn note(error: &sqlx::Error) {
    let broken = match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL's classes 08 (connection exception) and 57 (operator intervention: the
        // server shutting down, the backend terminated).
        sqlx::Error::Database(e) => {
            e.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57"))
        }
        _ => false,
    };
    if broken {
        FAILURES.fetch_add(1, Ordering::SeqCst);
    }
}

/// Up to `turns` connections in use at once, opened as first needed with these settings.
pub(crate) struct Connections {
    idle: Mutex<Vec<Idle>>,
    turns: Arc<Semaphore>,
    options: AnyConnectOptions,
    settings: String,
    /// Whether a connection may need a ping before use: on PostgreSQL, not on SQLite.
    checked: bool,
}

/// A connection waiting to be taken.
struct Idle {
    conn: AnyConnection,
    since: Instant,
    /// [`FAILURES`] when it was taken last: if more have failed since, it may be one of them.
    failures: u64,
}

impl Connections {
    pub(crate) fn new(
        options: &AnyConnectOptions,
        turns: usize,
        settings: String,
        checked: bool,
    ) -> Arc<Self> {
        Arc::new(Connections {
            idle: Mutex::new(Vec::with_capacity(turns)),
            turns: Arc::new(Semaphore::new(turns)),
            options: options.clone(),
            settings,
            checked,
        })
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Idle>> {
        // A panic while the list was held cannot leave it half-changed: push and pop only.
        self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A connection known to work (as far as it can be), its turn come.
    pub(crate) async fn take(self: &Arc<Self>) -> Result<Held> {
        let turn = tokio::time::timeout(WAIT, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let failures = FAILURES.load(Ordering::SeqCst);
        loop {
            let idle = self.idle().pop();
            let Some(mut idle) = idle else { break };
            let doubtful = idle.failures != failures || idle.since.elapsed() > IDLE_CHECK;
            if !self.checked || !doubtful || idle.conn.ping().await.is_ok() {
                return Ok(self.held(idle.conn, failures, turn));
            }
        }
        let open = async {
            let mut conn = self.options.connect().await?;
            conn.execute(self.settings.as_str()).await?;
            Ok::<_, sqlx::Error>(conn)
        };
        let conn =
            tokio::time::timeout(WAIT, open).await.map_err(|_| sqlx::Error::PoolTimedOut)??;
        Ok(self.held(conn, failures, turn))
    }

    fn held(
        self: &Arc<Self>,
        conn: AnyConnection,
        failures: u64,
        turn: OwnedSemaphorePermit,
    ) -> Held {
        Held { conn: Some(conn), failures, set: self.clone(), _turn: turn }
    }
}

/// A connection taken from a set; it goes back when dropped, unless [`Held::discard`]ed.
pub(crate) struct Held {
    /// `None` only once it has gone back or been discarded.
    conn: Option<AnyConnection>,
    failures: u64,
    set: Arc<Connections>,
    _turn: OwnedSemaphorePermit,
}

const HELD: &str = "a connection is held until it goes back";

impl Held {
    /// Closes the connection rather than hand it back: it may be left mid-transaction.
    pub(crate) fn discard(mut self) {
        self.conn.take();
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let idle = Idle { conn, since: Instant::now(), failures: self.failures };
            self.set.idle().push(idle);
        }
    }
}

impl Deref for Held {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.conn.as_ref().expect(HELD)
    }
}

impl DerefMut for Held {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.conn.as_mut().expect(HELD)
    }
}

#[cfg(test)]
mod tests;
