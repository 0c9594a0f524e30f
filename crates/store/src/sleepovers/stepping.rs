//! What deciding a step on a sleepover needs besides the sleepover: who hosts it, each child's
//! delegated authority, and who asked. Read with the sleepover, in the same read.

use domain::sleepovers::{
    ChildAuthority, Rule, Sleepover, authority_blocker, authority_gaps, host_power_at,
};
use domain::{Id, Power};
use sqlx::any::AnyRow;

use super::mail::About;
use crate::households::membership_columns;
use crate::rows::RowExt;
use crate::{Error, Result};

/// What a step on one sleepover is decided by.
#[derive(Debug, Clone)]
pub struct Stepping {
    /// The power hosting the sleepover needs: answering it, closing it.
    pub host: Power,
    authority: Vec<ChildAuthority>,
    /// Whoever asked, and their address if they chose to be told of answers.
    asker: Option<(Id, Option<String>)>,
}

impl Stepping {
    /// Why `s` cannot be confirmed yet for want of delegated authority, in words, or `None`
    /// when every child has it for the nights or a liaison worker has overridden.
    pub fn authority_blocker(&self, s: &Sleepover) -> Option<String> {
        if s.overridden.contains(&Rule::DelegatedAuthority) {
            return None;
        }
        authority_blocker(&authority_gaps(&self.authority, s.first_night, s.last_night))
    }

    /// Who is told of an answer, a cancellation or a close: whoever asked, if they chose to be,
    /// and never of their own action.
    pub(crate) fn asker_to_tell(&self, actor: Option<Id>) -> Vec<String> {
        match &self.asker {
            Some((asker, Some(email))) if actor != Some(*asker) => vec![email.clone()],
            _ => Vec::new(),
        }
    }

    /// What a step is decided by, from the rows of a sleepover hosted at `host` read with
    /// [`columns`]: a row for each child.
    pub(super) fn read(rows: &[AnyRow], host: Id) -> Result<Stepping> {
        let first = rows.first().ok_or(Error::NotFound)?;
        let mut authority = Vec::new();
        for row in rows {
            // A sleepover without children (the left join found none) has a row all the same.
            if row.opt_id("child_id")?.is_some() {
                authority.push(ChildAuthority {
                    name: row.text("child_name")?,
                    granted_on: row.opt_date("da_granted_on")?,
                    review_on: row.opt_date("da_review_on")?,
                });
            }
        }
        let asker = match first.opt_id("requested_by")? {
            Some(id) => Some((id, first.opt_text("asker_email")?)),
            None => None,
        };
        Ok(Stepping {
            host: host_power_at(
                first.id("host_service_id")?,
                host,
                first.opt_id("constellation_id")?,
                first.opt_choice("role")?,
            ),
            authority,
            asker,
        })
    }
}

/// The columns a step is decided by, for a read of a sleepover `s` hosted at `t`, each child
/// joined as `k`, where `today` is the placeholder bound to today: whoever asks, as the caller
/// has been shown the sleepover through their own scope.
pub(super) fn columns(today: &str) -> String {
    format!(
        "t.service_id AS host_service_id, {}, s.requested_by, \
         (SELECT u.email FROM users u LEFT JOIN notification_choices n ON n.user_id = u.id \
          WHERE u.id = s.requested_by AND {}) AS asker_email, k.da_granted_on, k.da_review_on",
        membership_columns("t", today),
        About::Answers.chosen()
    )
}
