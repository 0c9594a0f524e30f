//! A write: on SQLite, a savepoint on the one writing connection, inside a transaction that
//! writes waiting in line share (group commit); on PostgreSQL, a transaction on one of the
//! connections reads use too (see `connections`).
//!
//! SQLite's writing connection and the commit its writes share are in `queue`.

mod queue;

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::any::{AnyArguments, AnyQueryResult, AnyRow};
use sqlx::{Any, AnyConnection, Executor};
use tokio::sync::OwnedMutexGuard;

use crate::connections::{Held, SETTLE};
use crate::deferred::{self, Deferred, Value};
use crate::{Backend, Result, Store};
use queue::{Writer, end, savepoint};
pub(crate) use queue::{WriterQueue, sqlite_writer};

/// A write in progress. Dropped without `commit`, it is rolled back.
pub(crate) struct Write {
    kind: Kind,
    /// Statements sent together just before the commit: see `deferred`.
    deferred: Deferred,
}

/// Each holds its connection until the write ends (`None` only once `commit` has taken it).
/// On PostgreSQL the transaction is begun and ended by statements of its own, as the connection
/// is not one sqlx's pool lends.
enum Kind {
    Sqlite(Arc<WriterQueue>, Option<OwnedMutexGuard<Writer>>),
    Postgres(Option<Held>),
}

const HELD: &str = "a write holds its connection until it ends";

impl Write {
    /// Starts a write on SQLite's connection, its turn come.
    async fn begun(queue: &Arc<WriterQueue>, mut writer: OwnedMutexGuard<Writer>) -> Result<Self> {
        if let Err(e) = writer.begin().await {
            writer.tidy().await;
            return Err(e.into());
        }
        Ok(Write::new(Kind::Sqlite(queue.clone(), Some(writer))))
    }

    fn new(kind: Kind) -> Self {
        Write { kind, deferred: Deferred::default() }
    }

    /// Defers a statement nothing in the write reads back to just before the commit, to go
    /// with any others in one trip: see `deferred`.
    pub(crate) fn defer(&mut self, sql: &str, values: Vec<Value>) {
        self.deferred.push(sql, values);
    }

    /// On PostgreSQL, runs `clauses`, each a statement named as a `WITH` clause that those after
    /// it may read, and `last`, which may read them all, as one statement, with the statements
    /// deferred so far ahead of them, and returns the rows of `last`: so a write whose statements
    /// depend on each other only through their results makes one trip. Each part's placeholders
    /// are its own, from `$1`. None of the parts may read what the deferred statements write, nor
    /// write the same rows: the clauses of one statement do not see each other's changes.
    pub(crate) async fn fetch_with(
        &mut self,
        clauses: Vec<(&str, String, Vec<Value>)>,
        last: (String, Vec<Value>),
    ) -> Result<Vec<AnyRow>> {
        debug_assert!(self.needs_row_locks(), "statements in clauses are PostgreSQL's");
        let (sql, values) = self.deferred.take_with(clauses, last);
        Ok(deferred::query(&sql, values).fetch_all(&mut **self).await?)
    }

    /// Runs `sql` with these values; on PostgreSQL with the statements deferred so far, in one
    /// trip, as [`Write::fetch_with`] does.
    pub(crate) async fn execute_carrying(&mut self, sql: &str, values: Vec<Value>) -> Result<()> {
        if self.needs_row_locks() {
            self.fetch_with(Vec::new(), (sql.to_string(), values)).await?;
        } else {
            deferred::query(sql, values).execute(&mut **self).await?;
        }
        Ok(())
    }

    pub(crate) async fn commit(mut self) -> Result<()> {
        let backend = match self.kind {
            Kind::Sqlite(..) => Backend::Sqlite,
            Kind::Postgres(_) => Backend::Postgres,
        };
        if let Some((mut sql, values)) = self.deferred.take(backend) {
            let next = self.savepoint_for_next();
            if let Some(n) = next {
                sql.push_str(&format!(";\nSAVEPOINT {}", savepoint(n)));
            }
            deferred::query(&sql, values).execute(&mut *self).await?;
            if let (Some(n), Kind::Sqlite(_, Some(writer))) = (next, &mut self.kind) {
                writer.preopened = Some(n);
            }
        }
        match &mut self.kind {
            Kind::Sqlite(queue, guard) => {
                let writer = guard.take().expect(HELD);
                end(queue, writer).await?;
            }
            Kind::Postgres(conn) => {
                // A commit that fails, or is cut off, leaves the connection unsure, so it is
                // closed rather than handed back.
                let mut conn = conn.take().expect(HELD);
                conn.execute("COMMIT").await?;
                conn.sure();
            }
        }
        Ok(())
    }

    /// On SQLite, when another write waits for its turn, the name of a savepoint to open for it
    /// with this write's deferred statements, sparing it a trip of its own.
    fn savepoint_for_next(&mut self) -> Option<u64> {
        match &mut self.kind {
            Kind::Sqlite(queue, Some(writer)) if queue.others_wait() => {
                writer.begun += 1;
                Some(writer.begun)
            }
            _ => None,
        }
    }

    /// Whether a rule's check inside this write must lock the rows it reads: on PostgreSQL,
    /// where writes run side by side; not on SQLite, whose write already holds the database.
    pub(crate) fn needs_row_locks(&self) -> bool {
        matches!(self.kind, Kind::Postgres(_))
    }
}

impl Drop for Write {
    fn drop(&mut self) {
        let runtime = tokio::runtime::Handle::try_current();
        match &mut self.kind {
            Kind::Sqlite(_, guard) => {
                let Some(mut writer) = guard.take() else { return };
                // Rolled back at once where a runtime is at hand, still holding the connection;
                // else the next turn rolls it back before it begins.
                if let Ok(runtime) = runtime {
                    runtime.spawn(async move { writer.tidy().await });
                }
            }
            Kind::Postgres(conn) => {
                let Some(mut conn) = conn.take() else { return };
                // Rolled back before the connection goes back. Where that cannot be done, in
                // time or at all (the task never runs, as the runtime is shutting down), the
                // connection is dropped unsure, so closed, and the server rolls back what it
                // left open.
                if let Ok(runtime) = runtime {
                    runtime.spawn(async move {
                        let rollback = conn.execute("ROLLBACK");
                        if let Ok(Ok(_)) = tokio::time::timeout(SETTLE, rollback).await {
                            conn.sure();
                        }
                    });
                }
            }
        }
    }
}

impl Deref for Write {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match &self.kind {
            Kind::Sqlite(_, guard) => &guard.as_ref().expect(HELD).conn,
            Kind::Postgres(conn) => conn.as_ref().expect(HELD),
        }
    }
}

impl DerefMut for Write {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.kind {
            Kind::Sqlite(_, guard) => &mut guard.as_mut().expect(HELD).conn,
            Kind::Postgres(conn) => conn.as_mut().expect(HELD),
        }
    }
}

/// How a write begins on PostgreSQL. Its statements each read or change rows named by their
/// ids, which a plan made for any ids reads as well as one made for these: so each is planned
/// once for its connection, not again each time it runs. Left to choose, PostgreSQL planned some
/// (a request's check of the household's nights, which it reckons dearer without the dates) every
/// time, a tenth of its work in the ask-then-confirm cycle. `SET LOCAL` ends with the write.
const POSTGRES_BEGIN: &str = "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan";

impl Store {
    /// Starts a write. On SQLite it holds the write lock from the start (`BEGIN IMMEDIATE`), so
    /// a read-then-write inside it cannot be overtaken by another writer.
    pub(crate) async fn write(&self) -> Result<Write> {
        Ok(match &self.writer {
            Some(queue) => Write::begun(queue, queue.turn().await).await?,
            None => {
                // Held by the write before it begins, so a write cut off while it begins is
                // rolled back as it is dropped.
                let mut conn = self.connections.take().await?;
                conn.unsure();
                let mut write = Write::new(Kind::Postgres(Some(conn)));
                write.execute(POSTGRES_BEGIN).await?;
                write
            }
        })
    }

    /// One statement that writes, on its own: at once when no transaction is open, else as a
    /// write in it.
    pub(crate) async fn write_one<'q>(
        &self,
        query: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
    ) -> Result<AnyQueryResult> {
        let Some(queue) = &self.writer else {
            return Ok(query.execute(&mut *self.connections.take().await?).await?);
        };
        let mut writer = queue.turn().await;
        if !writer.in_batch() {
            return Ok(query.execute(&mut writer.conn).await?);
        }
        let mut write = Write::begun(queue, writer).await?;
        let done = query.execute(&mut *write).await?;
        write.commit().await?;
        Ok(done)
    }
}
