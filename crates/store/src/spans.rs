//! What a rule between records reads inside a write: a row lock so two writers checking the same
//! rule queue up, and the date ranges the rule compares.

use domain::rules::Span;
use domain::{DateRange, Id};

use crate::Result;
use crate::rows::RowExt;
use crate::write::Write;

/// Takes a row lock on PostgreSQL, so two writers checking the same rule queue up; on SQLite the
/// write transaction already holds the database's one write lock. The lock is the one an update
/// of the row's other columns would take, without writing a new version of the row: writes that
/// only refer to the row (a new record naming it) are not held up.
pub(crate) async fn lock(tx: &mut Write, table: &str, id: Id) -> Result<()> {
    if !tx.needs_row_locks() {
        return Ok(());
    }
    sqlx::query(&format!("SELECT id FROM {table} WHERE id = $1{}", locking(tx)))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The clause that takes [`lock`]'s lock on the rows a `SELECT` of one table reads, sparing the
/// lock a trip of its own: on SQLite, nothing. Only where what must be read after the lock is the
/// locked row itself, which a locking read gives as it stands once the lock is had: the rest of
/// the statement reads every other table as it stood when the statement began, perhaps before a
/// write that held the lock ended, so a rule over other rows takes [`lock`] first.
pub(crate) fn locking(tx: &Write) -> &'static str {
    if tx.needs_row_locks() { ROW_LOCK } else { "" }
}

/// [`locking`]'s clause on PostgreSQL, for a statement only PostgreSQL runs.
pub(crate) const ROW_LOCK: &str = " FOR NO KEY UPDATE";

/// The `from_on`–`to_on` ranges of `table`'s rows meeting `condition`, whose one placeholder is
/// bound to `id`.
pub(crate) async fn spans(
    tx: &mut Write,
    table: &str,
    condition: &str,
    id: Id,
) -> Result<Vec<Span>> {
    let rows = sqlx::query(&format!("SELECT id, from_on, to_on FROM {table} WHERE {condition}"))
        .bind(id.to_string())
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Span {
                id: r.id("id")?,
                range: DateRange { from: r.date("from_on")?, to: r.opt_date("to_on")? },
            })
        })
        .collect::<sqlx::Result<_>>()?)
}
