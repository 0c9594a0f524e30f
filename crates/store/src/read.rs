//! A read: on SQLite, one of the reading connections, waited for in turn; on PostgreSQL, a
//! pooled connection.
//!
//! SQLite's readers are kept in a set of their own rather than in a pool, as the writer is: a
//! pool hands each connection back through a task that first pings it, which on SQLite is one
//! more trip to the connection's thread for every statement. A file does not drop a connection
//! as a network can, and a statement cut off part-way is reset before the connection's next, so
//! a reader goes straight back to the set.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::any::AnyConnectOptions;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, ConnectOptions, Executor};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{Result, Store};

/// How long a read waits for a connection before it gives up, here and in the pools.
pub(crate) const WAIT: Duration = Duration::from_secs(10);

/// SQLite's reading connections: up to `turns` at once, opened as first needed, with these
/// settings.
pub(crate) struct Readers {
    idle: Mutex<Vec<AnyConnection>>,
    turns: Arc<Semaphore>,
    options: AnyConnectOptions,
    settings: String,
}

impl Readers {
    pub(crate) fn new(options: &AnyConnectOptions, connections: usize, settings: String) -> Self {
        Readers {
            idle: Mutex::new(Vec::with_capacity(connections)),
            turns: Arc::new(Semaphore::new(connections)),
            options: options.clone(),
            settings,
        }
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<AnyConnection>> {
        // A panic while the list was held cannot leave it half-changed: push and pop only.
        self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A read in progress; the connection goes back when it is dropped.
pub(crate) struct Read(Kind);

enum Kind {
    /// `None` only while it is being dropped.
    Sqlite {
        conn: Option<AnyConnection>,
        readers: Arc<Readers>,
        _turn: OwnedSemaphorePermit,
    },
    Postgres(PoolConnection<Any>),
}

const HELD: &str = "a read holds its connection until it is dropped";

impl Drop for Read {
    fn drop(&mut self) {
        if let Kind::Sqlite { conn, readers, .. } = &mut self.0
            && let Some(conn) = conn.take()
        {
            readers.idle().push(conn);
        }
    }
}

impl Deref for Read {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match &self.0 {
            Kind::Sqlite { conn, .. } => conn.as_ref().expect(HELD),
            Kind::Postgres(conn) => conn,
        }
    }
}

impl DerefMut for Read {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.0 {
            Kind::Sqlite { conn, .. } => conn.as_mut().expect(HELD),
            Kind::Postgres(conn) => conn,
        }
    }
}

impl Store {
    /// A connection to read with, its turn come: use it as `&mut *store.read().await?`.
    pub(crate) async fn read(&self) -> Result<Read> {
        let Some(readers) = &self.readers else {
            return Ok(Read(Kind::Postgres(self.pool.acquire().await?)));
        };
        let turn = tokio::time::timeout(WAIT, readers.turns.clone().acquire_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let idle = readers.idle().pop();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let mut conn = readers.options.connect().await?;
                conn.execute(readers.settings.as_str()).await?;
                conn
            }
        };
        Ok(Read(Kind::Sqlite { conn: Some(conn), readers: readers.clone(), _turn: turn }))
    }
}
