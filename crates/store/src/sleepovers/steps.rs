//! What happens to a request: confirmed (taking the beds), declined, cancelled (freeing them),
//! completed, recorded as not having happened, or overridden by a liaison worker.

use domain::sleepovers::{Rule, Sleepover, Step, answer_notice};
use domain::{Choice, Date, Id, Scope, SleepoverStatus};
use tracing::instrument;

use super::mail::tell;
use super::nights::{free_beds, take_beds};
use crate::audit::{self, Record, Snapshot};
use crate::rows::RowExt;
use crate::{Error, Result, Store, now};

impl Store {
    /// Takes one step on a sleepover. Two people answering the same request at once: one wins,
    /// the other is told it has just been answered. A confirmation takes a bed on every night
    /// or on none, and never more beds than the host keeps.
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
        let to = if step == Step::Override {
            Vec::new()
        } else {
            stepping.asker_to_tell(scope.person())
        };

        let stamp = now();
        let mut after = s.stepped(step, reason, &stamp);
        let mut tx = self.write().await?;
        // An override's "before" is read, as another override may have just written its columns.
        let read_before = if step == Step::Override {
            Some(audit::snapshot(&mut tx, Record::Sleepover, id).await?)
        } else {
            None
        };
        let person = scope.person().map(|p| p.to_string());
        let words: Vec<&str> = after.overridden.iter().map(|r| r.as_str()).collect();
        // Each step writes only the columns it changes, so two steps at once never undo each
        // other; the status it started from must still hold. The override, which another step
        // may have just written, is read back from the row.
        let sql = if step == Step::Override {
            "UPDATE sleepovers SET override_reason = $2, overridden = $3, overridden_by = $4, \
             updated_at = $5 WHERE id = $1 AND status = $6 RETURNING *"
        } else {
            "UPDATE sleepovers SET status = $7, outcome_note = $8, answered_at = $9, \
             answered_by = CASE WHEN $10 = 1 THEN $4 ELSE answered_by END, updated_at = $5 \
             WHERE id = $1 AND status = $6 RETURNING *"
        };
        let changed = sqlx::query(sql)
            .bind(id.to_string())
            .bind(&after.override_reason)
            .bind(words.join(","))
            .bind(&person)
            .bind(&stamp)
            .bind(s.status.as_str())
            .bind(after.status.as_str())
            .bind(&after.outcome_note)
            .bind(&after.answered_at)
            .bind(i64::from(step.answers()))
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = changed else {
            return Err(Error::conflict(
                "status",
                "Someone has just changed this sleepover. Look at it again before you answer.",
            ));
        };
        after.override_reason = row.opt_text("override_reason")?;
        let overridden = row.opt_text("overridden")?.unwrap_or_default();
        after.overridden = overridden.split(',').filter_map(Rule::parse).collect();
        let (host, beds) = (s.host_household_id, s.beds());
        if step == Step::Confirm {
            take_beds(&mut tx, host, s.first_night, s.nights, beds).await?;
        } else if step.frees_beds() && s.status == SleepoverStatus::Confirmed {
            free_beds(&mut tx, host, s.first_night, s.nights, beds).await?;
        }
        // The row as the update left it is the audit's "after": the beds are another table.
        let row = audit::snapshot_of(&row);
        let before = read_before.unwrap_or_else(|| before_step(&row, &s, step));
        let fields = audit::differ(&before, &row);
        audit::add(
            &mut tx,
            scope,
            step.as_str(),
            Record::Sleepover,
            id,
            Some(s.service_id),
            &fields,
        );
        if step != Step::Override {
            tell(&mut tx, &to, &answer_notice(&after), &after);
        }
        tx.commit().await?;
        Ok(after)
    }
}

/// The row before a step other than an override, from the row after it, without reading it
/// again: the update is guarded on the status read before the write, and only a step sets these
/// columns, each step changing the status, so they still held what was read. Nothing sets
/// `answered_by` before the answer.
fn before_step(after: &Snapshot, s: &Sleepover, step: Step) -> Snapshot {
    after
        .iter()
        .map(|(column, value)| {
            let was = match column.as_str() {
                "status" => Some(s.status.as_str().to_string()),
                "outcome_note" => s.outcome_note.clone(),
                "answered_at" => s.answered_at.clone(),
                "answered_by" if step.answers() => None,
                _ => value.clone(),
            };
            (column.clone(), was)
        })
        .collect()
}
