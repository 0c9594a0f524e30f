//! A set of open connections, taken in turn and handed straight back: SQLite's readers, and
//! every connection that serves requests on PostgreSQL.
//!
//! Kept here rather than in sqlx's pool, as the pool pings each connection when it is handed
//! back, and again when it is taken: two more trips to the database for every statement a
//! request runs, which on PostgreSQL cost about as much as the statements themselves.
//!
//! A connection still has to be known to work before it is used. On SQLite a file does not drop
//! a connection as a network can, and a statement cut off part-way is reset before the
//! connection's next, so its connections are never checked. On PostgreSQL, a connection taken
//! first reads and drops any reply still owed to a statement whose caller was cut off (a request
//! that timed out): otherwise that reply, an error and all, would be the next statement's. It is
//! pinged before use only where it may have broken: it has been idle long enough for the server
//! or the network to have dropped it, or a connection has failed (see [`note`]) since it was
//! last known to work. Each within [`SETTLE`]: a connection that fails or takes longer is closed
//! and another taken.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, ConnectOptions, Connection, Executor};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{Result, Store};

/// How long a caller waits for a connection before it gives up, here and in the pools.
pub(crate) const WAIT: Duration = Duration::from_secs(10);

/// A connection idle longer than this is pinged before it is used again.
const IDLE_CHECK: Duration = Duration::from_secs(30);

/// How long a PostgreSQL connection taken may spend on what is owed and its ping, or a write
/// cut off on its rollback, before it is closed instead.
pub(crate) const SETTLE: Duration = Duration::from_secs(2);

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
        // server shutting down, the backend terminated), but for a statement cancelled.
        sqlx::Error::Database(e) => e.code().is_some_and(|code| {
            code.starts_with("08") || (code.starts_with("57") && code != "57014")
        }),
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
            if !self.checked || settle(&mut idle.conn, doubtful).await {
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
        Held { conn: Some(conn), failures, unsure: false, set: self.clone(), _turn: turn }
    }
}

/// Whether a PostgreSQL connection is fit to use: what it still owes read and dropped, and, if
/// `doubtful`, a ping answered, within [`SETTLE`]. A connection that is not is dropped, closed.
async fn settle(conn: &mut AnyConnection, doubtful: bool) -> bool {
    let settled = async {
        // sqlx's `flush` reads any replies owed to statements sent and not yet read, and costs
        // nothing when there are none.
        conn.flush().await?;
        if doubtful {
            conn.ping().await?;
        }
        Ok::<_, sqlx::Error>(())
    };
    match tokio::time::timeout(SETTLE, settled).await {
        Ok(Ok(())) => true,
        Ok(Err(e)) => {
            note(&e);
            false
        }
        Err(_) => false,
    }
}

/// A connection taken from a set; it goes back when dropped, unless [`Held::unsure`].
pub(crate) struct Held {
    /// `None` only once it has gone back or been closed.
    conn: Option<AnyConnection>,
    failures: u64,
    /// Whether the connection may be mid-transaction: dropped so, it is closed, not handed back.
    unsure: bool,
    set: Arc<Connections>,
    _turn: OwnedSemaphorePermit,
}

const HELD: &str = "a connection is held until it goes back";

impl Held {
    /// Marks the connection as maybe mid-transaction, until [`Held::sure`]: dropped before, it
    /// is closed.
    pub(crate) fn unsure(&mut self) {
        self.unsure = true;
    }

    pub(crate) fn sure(&mut self) {
        self.unsure = false;
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take()
            && !self.unsure
        {
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

impl Store {
    /// A connection to read with, its turn come: use it as `&mut *store.read().await?`.
    pub(crate) async fn read(&self) -> Result<Held> {
        self.connections.take().await
    }
}

#[cfg(test)]
mod tests;
