//! SQLite's one writing connection, and the commit that writes waiting in line share.
//!
//! SQLite's connection is kept behind a queue of its own rather than in a pool: a pool hands a
//! connection back through a task that pings it first, and the next write waits for both.
//!
//! Each commit on SQLite waits for the disk. A write that ends while others wait for their turn
//! keeps its savepoint and steps aside; the next write goes on in the same transaction, and
//! whichever of them finds the transaction still open at its next turn commits it for all. No
//! write is answered before the commit that holds it is on disk, and a commit that fails fails
//! every write in it. A write that ends with no one waiting commits at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::any::{AnyConnectOptions, AnyQueryResult};
use sqlx::{AnyConnection, ConnectOptions, Executor};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use crate::Result;

/// SQLite's one writing connection and what it has open.
pub(crate) struct Writer {
    pub(super) conn: AnyConnection,
    /// The transaction open for writes that have ended but are not yet committed, if any.
    batch: Option<Arc<Batch>>,
    /// The savepoint of a write that may have been left unfinished (dropped before it ended);
    /// the next turn rolls it back first. Its savepoint's name (see `savepoint`) is not the one
    /// just inside or outside it, so a rollback never reaches past it into an earlier write of the
    /// batch.
    unfinished: Option<u64>,
    /// Writes begun, to name their savepoints.
    pub(super) begun: u64,
    /// A savepoint opened for the next write by the last one, in the same trip as its deferred
    /// statements, when another write was waiting for its turn.
    pub(super) preopened: Option<u64>,
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
    pub(super) async fn turn(&self) -> OwnedMutexGuard<Writer> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let waiting = Waiting(&self.waiting);
        let mut writer = self.writer.clone().lock_owned().await;
        drop(waiting);
        writer.tidy().await;
        writer
    }

    pub(super) fn others_wait(&self) -> bool {
        self.waiting.load(Ordering::SeqCst) > 0
    }
}

/// The name of the savepoint of the `n`th write. A rollback to a name reaches the latest
/// savepoint of that name, and the only savepoint ever opened inside a write's own is the one it
/// opens for the next write, so two names, taken in turn, keep each rollback to its own write;
/// and the statements that open them are the same two each time, so they stay prepared.
pub(super) fn savepoint(n: u64) -> &'static str {
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
    /// Whether a transaction is open for writes that have ended but wait for their commit.
    pub(super) fn in_batch(&self) -> bool {
        self.batch.is_some()
    }

    /// Rolls back a savepoint a write may have left open. If it cannot be found, the
    /// transaction may have gone with it, so the batch fails rather than commit without it;
    /// a batch no ended write waits for is rolled back too, as nothing in it is kept.
    pub(super) async fn tidy(&mut self) {
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
    pub(super) async fn begin(&mut self) -> sqlx::Result<()> {
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
pub(super) async fn end(
    queue: &Arc<WriterQueue>,
    mut writer: OwnedMutexGuard<Writer>,
) -> Result<()> {
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
