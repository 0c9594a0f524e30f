//! What happens to a request: confirmed (taking the beds), declined, cancelled (freeing them),
//! completed, recorded as not having happened, or overridden by a liaison worker.

use domain::sleepovers::{BedChange, Sleepover, Step, answer_notice};
use domain::{Choice, Date, Id, Scope};
use sqlx::any::AnyRow;
use tracing::instrument;

use super::beds::{free_beds, freeing, refused_night, take_beds, taking_after};
use super::mail::tell;
use super::{overridden_of, overridden_text};
use crate::audit::{self, Record};
use crate::deferred::{self, Value};
use crate::rows::RowExt;
use crate::write::Write;
use crate::{Error, Result, Store, now};

impl Store {
    /// Takes one step on a sleepover. Two people answering the same request at once: one wins,
    /// the other is told it has just been answered. A confirmation takes a bed on every night
    /// or on none, and never more beds than the host keeps. On PostgreSQL the writes of any
    /// step but an override go in one statement, as each round trip is a share of the step's
    /// cost there; SQLite, whose trips are hand-overs between threads, makes them one at a time.
    #[instrument(skip_all, fields(sleepover = %id, step = step.as_str()))]
    pub async fn step_sleepover(
        &self,
        scope: &Scope,
        id: Id,
        step: Step,
        reason: Option<String>,
    ) -> Result<Sleepover> {
        let (s, stepping) = self.sleepover_to_step(scope, id).await?;
        if !step.may(scope, &s, stepping.host) {
            return Err(Error::Forbidden);
        }
        let today = Date::today();
        step.allowed(s.status, s.first_night, s.last_night, today)
            .map_err(|why| Error::conflict("status", why))?;
        if step == Step::Confirm
            && let Some(why) = stepping.authority_blocker(&s)
        {
            return Err(Error::field("child_ids", why));
        }
        let stamp = now();
        let after = s.stepped(step, reason, &stamp);
        let mut tx = self.write().await?;
        if step == Step::Override {
            return record_override(tx, scope, &s, after, &stamp).await;
        }
        let to = stepping.asker_to_tell(scope.person());
        let person = scope.person().map(|p| p.to_string());
        let fields = stepped_fields(&s, &after, step.answers() && person.is_some());
        audit::add(
            &mut tx,
            scope,
            step.as_str(),
            Record::Sleepover,
            id,
            Some(s.service_id),
            &fields,
        );
        tell(&mut tx, &to, &answer_notice(&after), &after);
        // Each step writes only the columns it changes, so two steps at once never undo each
        // other; the status it started from must still hold. The override, which another step
        // may have just written, is read back from the row.
        let update = (
            "UPDATE sleepovers SET status = $2, outcome_note = $3, answered_at = $4, \
             answered_by = CASE WHEN $5 = 1 THEN $6 ELSE answered_by END, updated_at = $7 \
             WHERE id = $1 AND status = $8 \
             RETURNING id, host_household_id AS host, override_reason, overridden"
                .to_string(),
            vec![
                id.to_string().into(),
                after.status.as_str().into(),
                after.outcome_note.clone().into(),
                after.answered_at.clone().into(),
                i64::from(step.answers()).into(),
                person.into(),
                stamp.into(),
                s.status.as_str().into(),
            ],
        );
        let beds = step.beds(s.status);
        let row = if tx.needs_row_locks() {
            in_one_trip(&mut tx, &s, update, beds).await?
        } else {
            in_trips(&mut tx, &s, update, beds).await?
        };
        let after = with_override_of(&row, after)?;
        tx.commit().await?;
        Ok(after)
    }
}

/// The conflict when the status a step started from no longer holds.
fn just_changed() -> Error {
    Error::conflict(
        "status",
        "Someone has just changed this sleepover. Look at it again before you answer.",
    )
}

/// A step's update of the sleepover, then its beds, one trip each (SQLite): the sleepover's row as
/// `update` returns it.
async fn in_trips(
    tx: &mut Write,
    s: &Sleepover,
    (sql, values): (String, Vec<Value>),
    beds: BedChange,
) -> Result<AnyRow> {
    let row = deferred::query(&sql, values).fetch_optional(&mut **tx).await?;
    let row = row.ok_or_else(just_changed)?;
    match beds {
        BedChange::Take => take_beds(tx, s).await?,
        BedChange::Free => free_beds(tx, s).await?,
        BedChange::Keep => {}
    }
    Ok(row)
}

/// A step's update of the sleepover, its beds, and what the write deferred, in one statement
/// (PostgreSQL): the sleepover's row as `update` returns it. The beds are changed only once the
/// update has returned its row, so the sleepover is locked before the host. A row comes back
/// whatever the update found, with the sleepover's columns empty if it found none, and a row
/// for each night taken.
async fn in_one_trip(
    tx: &mut Write,
    s: &Sleepover,
    update: (String, Vec<Value>),
    beds: BedChange,
) -> Result<AnyRow> {
    let (sql, values) = update;
    let mut clauses = vec![("stepped", sql, values)];
    let (mut columns, mut joins) = ("c.id, c.host, c.override_reason, c.overridden", "");
    match beds {
        BedChange::Take => {
            let (sql, values) = taking_after("stepped", s);
            clauses.push(("taken", sql, values));
            columns = "c.id, c.host, c.override_reason, c.overridden, t.night";
            joins = " LEFT JOIN taken AS t ON true";
        }
        BedChange::Free => {
            let (sql, values) = freeing(s, Some("stepped"));
            clauses.push(("freed", sql, values));
        }
        BedChange::Keep => {}
    }
    let last =
        format!("SELECT {columns} FROM (SELECT 1) AS o LEFT JOIN stepped AS c ON true{joins}");
    let mut rows = tx.fetch_with(clauses, (last, Vec::new())).await?;
    let stepped = rows.first().map(|row| row.opt_id("id")).transpose()?.flatten();
    if stepped.is_none() {
        return Err(just_changed());
    }
    if beds == BedChange::Take
        && let Some(refusal) = refused_night(tx, &rows, s).await?
    {
        return Err(refusal);
    }
    Ok(rows.swap_remove(0))
}

/// The sleepover after a step, with the override as the row the step's update returned holds it:
/// another step may have just written it.
fn with_override_of(row: &AnyRow, mut after: Sleepover) -> Result<Sleepover> {
    after.override_reason = row.opt_text("override_reason")?;
    after.overridden = overridden_of(row)?;
    Ok(after)
}

/// Records a liaison worker's override of the sleepover `s`: only its own columns are written,
/// and its "before" is read, as another override may have just written them.
async fn record_override(
    mut tx: Write,
    scope: &Scope,
    s: &Sleepover,
    after: Sleepover,
    stamp: &str,
) -> Result<Sleepover> {
    let id = s.id;
    let before = audit::snapshot(&mut tx, Record::Sleepover, id).await?;
    let row = sqlx::query(
        "UPDATE sleepovers SET override_reason = $2, overridden = $3, overridden_by = $4, \
         updated_at = $5 WHERE id = $1 AND status = $6 RETURNING *",
    )
    .bind(id.to_string())
    .bind(&after.override_reason)
    .bind(overridden_text(&after.overridden))
    .bind(scope.person().map(|p| p.to_string()))
    .bind(stamp)
    .bind(s.status.as_str())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(just_changed)?;
    let after = with_override_of(&row, after)?;
    let fields = audit::differ(&before, &audit::snapshot_of(&row));
    let action = Step::Override.as_str();
    audit::add(&mut tx, scope, action, Record::Sleepover, id, Some(s.service_id), &fields);
    tx.commit().await?;
    Ok(after)
}

/// The fields a step other than an override changes, in the table's order, from the sleepover
/// as read and as the step leaves it, without reading the row again: the update is guarded on
/// the status read, and only a step sets these columns, each step changing the status, so they
/// still held what was read. Nothing sets `answered_by` before the answer; `answered` says the
/// answer sets it now.
fn stepped_fields(s: &Sleepover, after: &Sleepover, answered: bool) -> Vec<String> {
    let changed = [
        ("status", after.status != s.status),
        ("answered_at", after.answered_at != s.answered_at),
        ("answered_by", answered),
        ("outcome_note", after.outcome_note != s.outcome_note),
    ];
    changed
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(field, _)| field.to_string())
        .collect()
}
