//! What a request is decided by besides the household asking and its children: the host, its
//! service's rules, the first night the host has no bed for the children, and who is told. One
//! read, whoever asks: the caller has been shown the household asking through their own scope.

use domain::registry::Household;
use domain::sleepovers::{SleepoverDraft, SleepoverRules};
use domain::{Date, Id, SleepoverKind};

use super::mail::{About, told_of_request};
use super::{beds, rules};
use crate::households;
use crate::rows::RowExt;
use crate::{Result, Store};

/// What a request is decided by, at its host.
#[derive(Debug, Clone)]
pub(super) struct Asking {
    pub host: Household,
    pub rules: SleepoverRules,
    /// Why the host cannot take the children on one of the nights, in words, if it cannot.
    pub full: Option<String>,
    /// The addresses told of the request.
    pub to: Vec<String>,
}

impl Store {
    /// What a request from a household of `constellation` is decided by, at the host it names
    /// or else the constellation's hub today: `None` when there is no such household. A row for
    /// each address told.
    pub(super) async fn asking(
        &self,
        constellation: Id,
        draft: &SleepoverDraft,
    ) -> Result<Option<Asking>> {
        // $1 is today, $2 the constellation, $3 and $4 the first and last nights, $5 the beds
        // the children need, $6 1 for an emergency, and $7 the host named, or nothing. With none
        // named the host is the hub, so no satellite's carers are told (the `NOT` of the hub
        // condition never holds).
        let hub = households::hub_query("$2", "$1");
        let (host, host_is_hub) = match draft.host_household_id {
            Some(_) => ("h.id = $7".to_string(), format!("$7 IN ({hub})")),
            None => (format!("h.id IN ({hub})"), "1 = 1".to_string()),
        };
        let emergency = draft.kind == SleepoverKind::Emergency;
        let about = if emergency { About::Emergencies } else { About::Requests };
        let sql = format!(
            "SELECT {}, {}, {}, told.email AS told FROM households h \
             LEFT JOIN sleepover_rules r ON r.id = h.service_id \
             LEFT JOIN ({}) told ON 1 = 1 WHERE {host} ORDER BY told.email",
            households::columns(),
            rules::COLUMNS,
            beds::first_full_columns("$3", "$4", "$5"),
            told_of_request(about, &host_is_hub, "$7", "$2", "$6"),
        );
        let need = draft.child_ids.len() as i64;
        let rows = sqlx::query(&sql)
            .bind(Date::today().to_string())
            .bind(constellation.to_string())
            .bind(draft.first_night.to_string())
            .bind(draft.last_night().to_string())
            .bind(need)
            .bind(i64::from(emergency))
            .bind(draft.host_household_id.map(|h| h.to_string()).unwrap_or_default())
            .fetch_all(&mut *self.read().await?)
            .await?;
        let Some(first) = rows.first() else { return Ok(None) };
        let host = households::read(first)?;
        let full = beds::first_full(first, host.sleepover_beds, need)?;
        let to = rows
            .iter()
            .filter_map(|r| r.opt_text("told").transpose())
            .collect::<sqlx::Result<_>>()?;
        Ok(Some(Asking { rules: rules::read(first)?, full, to, host }))
    }
}
