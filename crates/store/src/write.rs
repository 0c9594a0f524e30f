//! A write: on SQLite, a transaction on the one writing connection, held from `BEGIN IMMEDIATE`
//! to `COMMIT`; on PostgreSQL, a transaction on a pooled connection.
//!
//! SQLite's connection is kept behind a queue of its own rather than in a pool: a pool hands a
//! connection back through a task that pings it first, and the next write waits for both.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::any::{AnyArguments, AnyConnectOptions, AnyQueryResult};
use sqlx::{Any, AnyConnection, ConnectOptions, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::{Result, Store};

/// SQLite's one writing connection, and whether a write left its transaction open (it was
/// dropped before it committed); the next user rolls that back first.
pub(crate) struct Writer {
    conn: AnyConnection,
    open: bool,
}

/// The writing connection, waited for in turn.
pub(crate) type WriterQueue = Arc<Mutex<Writer>>;

/// Opens SQLite's writing connection with these settings.
pub(crate) async fn sqlite_writer(
    options: &AnyConnectOptions,
    settings: &str,
) -> Result<WriterQueue> {
    let mut conn = options.connect().await?;
    conn.execute(settings).await?;
    Ok(Arc::new(Mutex::new(Writer { conn, open: false })))
}

/// A write in progress. Dropped without `commit`, it is rolled back.
pub(crate) struct Write(Kind);

/// Each holds its connection until the write ends (`None` only once `commit` has taken it).
enum Kind {
    Sqlite(Option<OwnedMutexGuard<Writer>>),
    Postgres(Option<Transaction<'static, Any>>),
}

const HELD: &str = "a write holds its connection until it ends";

impl Write {
    pub(crate) async fn commit(mut self) -> Result<()> {
        match &mut self.0 {
            Kind::Sqlite(guard) => {
                let writer = guard.as_mut().expect(HELD);
                writer.conn.execute("COMMIT").await?;
                writer.open = false;
            }
            Kind::Postgres(tx) => tx.take().expect(HELD).commit().await?,
        }
        Ok(())
    }

    /// Whether a rule's check inside this write must lock the rows it reads: on PostgreSQL,
    /// where writes run side by side; not on SQLite, whose write already holds the database.
    pub(crate) fn needs_row_locks(&self) -> bool {
        matches!(self.0, Kind::Postgres(_))
    }
}

impl Drop for Write {
    fn drop(&mut self) {
        let Kind::Sqlite(guard) = &mut self.0 else { return };
        let Some(mut writer) = guard.take().filter(|w| w.open) else { return };
        // Rolled back at once where a runtime is at hand, still holding the connection; else
        // the next write rolls it back before it begins.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if writer.conn.execute("ROLLBACK").await.is_ok() {
                    writer.open = false;
                }
            });
        }
    }
}

impl Deref for Write {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match &self.0 {
            Kind::Sqlite(guard) => &guard.as_ref().expect(HELD).conn,
            Kind::Postgres(tx) => tx.as_ref().expect(HELD),
        }
    }
}

impl DerefMut for Write {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.0 {
            Kind::Sqlite(guard) => &mut guard.as_mut().expect(HELD).conn,
            Kind::Postgres(tx) => tx.as_mut().expect(HELD),
        }
    }
}

impl Store {
    /// SQLite's writing connection, its turn come, with no transaction left open.
    async fn writer_turn(&self, queue: &WriterQueue) -> Result<OwnedMutexGuard<Writer>> {
        let mut writer = queue.clone().lock_owned().await;
        if writer.open {
            writer.conn.execute("ROLLBACK").await?;
            writer.open = false;
        }
        Ok(writer)
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// so a read-then-write inside it cannot be overtaken by another writer.
    pub(crate) async fn write(&self) -> Result<Write> {
        Ok(match &self.writer {
            Some(queue) => {
                let mut writer = self.writer_turn(queue).await?;
                writer.conn.execute("BEGIN IMMEDIATE").await?;
                writer.open = true;
                Write(Kind::Sqlite(Some(writer)))
            }
            None => Write(Kind::Postgres(Some(self.pool.begin().await?))),
        })
    }

    /// One statement that writes, on its own.
    pub(crate) async fn write_one<'q>(
        &self,
        query: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
    ) -> Result<AnyQueryResult> {
        Ok(match &self.writer {
            Some(queue) => query.execute(&mut self.writer_turn(queue).await?.conn).await?,
            None => query.execute(&self.pool).await?,
        })
    }
}
