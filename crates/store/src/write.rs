//! A write: on SQLite, a savepoint on the one writing connection, inside a transaction that
//! writes waiting in line share (group commit); on PostgreSQL, a transaction on one of the
//! connections reads use too (see `connections`).
//!
//! SQLite's connection is kept behind a queue of its own rather than in a pool: a pool hands a
//! connection back through a task that pings it first, and the next write waits for both.
//!
//! Each commit on SQLite waits for the disk. A write that ends while others wait for their turn
//! keeps its savepoint and steps aside; the next write goes on in the same transaction, and
//! whichever of them finds the transaction still open at its next turn commits it for all. No
//! write is answered before the commit that holds it is on disk, and a commit that fails fails
//! every write in it. A write that ends with no one waiting commits at once.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::any::{AnyArguments, AnyConnectOptions, AnyQueryResult, AnyRow};
use sqlx::{Any, AnyConnection, ConnectOptions, Executor};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use crate::connections::{Held, SETTLE};
use crate::deferred::{self, Deferred, Value};
use crate::{Backend, Result, Store};

/// SQLite's one writing connection and what it has open.
pub(crate) struct Writer {
    conn: AnyConnection,
    /// The transaction open for writes that have ended but are not yet committed, if any.
    batch: Option<Arc<Batch>>,
    /// The savepoint of a write that may have been left unfinished (dropped before it ended);
    /// the next turn rolls it back first. Its savepoint's name (see `savepoint`) is not the one
    /// just inside or outside it, so a rollback never reaches past it into an earlier write of the
    /// batch.
    unfinished: Option<u64>,
    /// Writes begun, to name their savepoints.
    begun: u64,
    /// A savepoint opened for the next write by the last one, in the same trip as its deferred
    /// statements, when another write was waiting for its turn.
    preopened: Option<u64>,
}

/// Writes that have ended and wait for one commit: each holds a clone while it waits.
struct Batch {
    done: watch::Sender<Option<std::result::Result<(), String>>>,
}

impl Batch {
    fn new() -> Arc<Self> {
        Arc::new(Batch { done: watch::Sender::new(None) })
    }

    /// Tells every write in the batch how its commit went.
    fn finish(&self, outcome: &sqlx::Result<AnyQueryResult>) {
        let told = outcome.as_ref().map(|_| ()).map_err(|e| e.to_string());
        self.done.send_replace(Some(told));
    }
}

/// The writing connection, waited for in turn, and how many wait.
pub(crate) struct WriterQueue {
    writer: Arc<Mutex<Writer>>,
    waiting: AtomicUsize,
}

/// Counts a write waiting for its turn, until it has it or stops waiting.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl WriterQueue {
    /// The writing connection, its turn come, with any write left unfinished rolled back.
    async fn turn(&self) -> OwnedMutexGuard<Writer> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let waiting = Waiting(&self.waiting);
        let mut writer = self.writer.clone().lock_owned().await;
        drop(waiting);
        writer.tidy().await;
        writer
    }

    fn others_wait(&self) -> bool {
        self.waiting.load(Ordering::SeqCst) > 0
    }
}

/// The name of the savepoint of the `n`th write. A rollback to a name reaches the latest
/// savepoint of that name, and the only savepoint ever opened inside a write's own is the one it
/// opens for the next write, so two names, taken in turn, keep each rollback to its own write;
/// and the statements that open them are the same two each time, so they stay prepared.
fn savepoint(n: u64) -> &'static str {
    if n.is_multiple_of(2) { "w0" } else { "w1" }
}

/// Opens SQLite's writing connection with these settings.
pub(crate) async fn sqlite_writer(
    options: &AnyConnectOptions,
    settings: &str,
) -> Result<Arc<WriterQueue>> {
    let mut conn = options.connect().await?;
    conn.execute(settings).await?;
    let writer = Writer { conn, batch: None, unfinished: None, begun: 0, preopened: None };
    Ok(Arc::new(WriterQueue { writer: Arc::new(Mutex::new(writer)), waiting: AtomicUsize::new(0) }))
}

impl Writer {
    /// Rolls back a savepoint a write may have left open. If it cannot be found, the
    /// transaction may have gone with it, so the batch fails rather than commit without it;
    /// a batch no ended write waits for is rolled back too, as nothing in it is kept.
    async fn tidy(&mut self) {
        let Some(n) = self.unfinished.take() else { return };
        let undone = self
            .conn
            .execute(
                format!("ROLLBACK TO SAVEPOINT {0}; RELEASE SAVEPOINT {0}", savepoint(n)).as_str(),
            )
            .await;
        let Some(batch) = self.batch.take() else { return };
        if undone.is_ok() && Arc::strong_count(&batch) > 1 {
            self.batch = Some(batch);
            return;
        }
        let _ = self.conn.execute("ROLLBACK").await;
        self.preopened = None;
        batch.finish(&undone);
    }

    /// Starts a write: a savepoint, in the open transaction or a new one.
    async fn begin(&mut self) -> sqlx::Result<()> {
        if let Some(n) = self.preopened.take() {
            self.unfinished = Some(n);
            return Ok(());
        }
        let fresh = self.batch.is_none();
        if fresh {
            self.batch = Some(Batch::new());
        }
        // Marked first, so a write cut off while this runs is rolled back by the next turn.
        self.begun += 1;
        let n = self.begun;
        self.unfinished = Some(n);
        let sql = if fresh {
            format!("BEGIN IMMEDIATE; SAVEPOINT {}", savepoint(n))
        } else {
            format!("SAVEPOINT {}", savepoint(n))
        };
        self.conn.execute(sql.as_str()).await.map(|_| ())
    }

    /// Commits the open transaction, telling each write in it.
    async fn commit(&mut self) -> Result<()> {
        let batch = self.batch.take().expect("a write ends inside a transaction");
        self.preopened = None;
        let outcome = self.conn.execute("COMMIT").await;
        if outcome.is_err() {
            let _ = self.conn.execute("ROLLBACK").await;
        }
        batch.finish(&outcome);
        outcome?;
        Ok(())
    }
}

/// Ends a write on SQLite that succeeded: commits at once if no one waits for a turn, or
/// else steps aside, keeping its savepoint inside the transaction, and waits for the batch's
/// commit, making it itself if its next turn comes first. Whether it steps aside is settled
/// before anything is awaited, so the next write's turn comes at once; what is awaited then runs
/// as a task of its own, so it is never cut off.
async fn end(queue: &Arc<WriterQueue>, mut writer: OwnedMutexGuard<Writer>) -> Result<()> {
    writer.unfinished = None;
    if !queue.others_wait() {
        return uncut(async move { writer.commit().await }).await;
    }
    let batch = writer.batch.clone().expect("a write ends inside a transaction");
    drop(writer);
    uncut(wait_for_commit(queue.clone(), batch)).await
}

/// Runs `work` as a task of its own, so it goes on to its end even if its caller is cut off.
async fn uncut(work: impl Future<Output = Result<()>> + Send + 'static) -> Result<()> {
    tokio::spawn(work).await.map_err(|_| sqlx::Error::WorkerCrashed)?
}

/// Waits for the commit of `batch`, a write's own having stepped aside, making it if this
/// write's next turn comes first.
async fn wait_for_commit(queue: Arc<WriterQueue>, batch: Arc<Batch>) -> Result<()> {
    let mut done = batch.done.subscribe();
    let turn = tokio::select! {
        biased;
        _ = done.wait_for(Option::is_some) => None,
        writer = queue.turn() => Some(writer),
    };
    if let Some(mut writer) = turn
        && writer.batch.as_ref().is_some_and(|b| Arc::ptr_eq(b, &batch))
    {
        return writer.commit().await;
    }
    // Committed by another write, before this one's turn came if it came.
    let told = batch.done.borrow().clone();
    match told {
        Some(Ok(())) => Ok(()),
        Some(Err(e)) => Err(sqlx::Error::Protocol(format!("the commit failed: {e}")).into()),
        None => Err(sqlx::Error::WorkerCrashed.into()),
    }
}

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
        if writer.batch.is_none() {
            return Ok(query.execute(&mut writer.conn).await?);
        }
        let mut write = Write::begun(queue, writer).await?;
        let done = query.execute(&mut *write).await?;
        write.commit().await?;
        Ok(done)
    }
}
