//! Asking for a sleepover: who may ask, for which children, where, and within which rules.

use domain::registry::Household;
use domain::sleepovers::{
    Broken, ChildAuthority, Rule, Sleepover, SleepoverChild, SleepoverDraft, allowance_year,
    authority_gaps, request_notice,
};
use domain::{Choice, Date, Id, MembershipRole, Power, Scope, SleepoverStatus};
use tracing::instrument;

use super::asking::Asking;
use super::mail::tell;
use super::{OPEN, overridden_text};
use crate::audit::{self, Record};
use crate::deferred::Value;
use crate::rows::RowExt;
use crate::spans::lock;
use crate::write::Write;
use crate::{Error, Result, Store, now, require};

impl Store {
    /// Asks for a sleepover or a short break. The request takes no bed yet: the host's
    /// confirmation does. A rule it breaks is refused with the rule's numbers, unless a liaison
    /// worker gives a reason to override it.
    #[instrument(skip_all)]
    pub async fn request_sleepover(
        &self,
        scope: &Scope,
        draft: &SleepoverDraft,
    ) -> Result<Sleepover> {
        let today = Date::today();
        let (from, view, children) = self
            .household_with_children(scope, draft.from_household_id, &draft.child_ids)
            .await
            .map_err(|e| e.or_field("from_household_id", "is not a household you can see"))?;
        let service = from.service_id;
        require(scope, Power::Ask { service, household: from.id })?;
        let constellation = from.constellation_id.ok_or_else(|| {
            Error::field(
                "from_household_id",
                "is not in a constellation today, so has no hub to ask",
            )
        })?;
        let asking = self.asking(constellation, draft).await?;
        let Asking { host, rules, full, to } =
            host_for(&from, constellation, draft.host_household_id, asking)?;
        if host.role != Some(MembershipRole::Hub) && !rules.satellites_may_host {
            return Err(Error::field(
                "host_household_id",
                "must be the hub: this service does not let satellites host sleepovers",
            ));
        }
        if children.len() != draft.child_ids.len() {
            return Err(Error::field("child_ids", "must each be a child you can see"));
        }
        if let Some(child) = children.iter().find(|c| c.household_id != Some(from.id)) {
            return Err(Error::field(
                "child_ids",
                format!("must each live in the household asking: {} does not", child.name),
            ));
        }
        let need = children.len() as i64;
        if need > host.sleepover_beds {
            return Err(Error::field(
                "child_ids",
                format!(
                    "are more than the host's beds: it keeps {}, and {need} children need {need}",
                    host.sleepover_beds
                ),
            ));
        }
        if draft.override_reason.is_some() && !scope.may(Power::Override(service)) {
            return Err(Error::field(
                "override_reason",
                "can be given only by a liaison worker or the service manager",
            ));
        }
        let (first, last) = (draft.first_night, draft.last_night());
        // The children as read above keep their delegated authority's dates in every view.
        let authority: Vec<ChildAuthority> = children.iter().map(ChildAuthority::from).collect();
        let authority_overridden =
            draft.override_reason.is_some() && !authority_gaps(&authority, first, last).is_empty();
        if let Some(why) = full {
            return Err(Error::field("first_night", why));
        }
        let id = Id::new();

        // The child's other stays and the household's nights are read inside the write, with
        // the household locked, so two requests at once cannot both pass. Everything else is
        // read before, so the write is short.
        let mut tx = self.write().await?;
        lock(&mut tx, "households", from.id).await?;
        let used =
            nights_used_unless_overlap(&mut tx, from.id, &draft.child_ids, first, last).await?;
        let broken = rules.broken(draft, today, used);
        if !broken.is_empty() && draft.override_reason.is_none() {
            return Err(Error::Invalid(Broken::refusal(&broken)));
        }
        let mut overridden: Vec<Rule> = broken.iter().map(|b| b.rule).collect();
        if authority_overridden {
            overridden.push(Rule::DelegatedAuthority);
        }
        let stamp = now();
        let person = scope.person().map(|p| p.to_string());
        // In the table's order, so the fields the log names are in the order of the row's.
        let columns: Vec<(&str, Value)> = vec![
            ("id", id.to_string().into()),
            ("service_id", service.to_string().into()),
            ("from_household_id", from.id.to_string().into()),
            ("host_household_id", host.id.to_string().into()),
            ("first_night", first.to_string().into()),
            ("nights", draft.nights.into()),
            ("kind", draft.kind.as_str().into()),
            ("status", SleepoverStatus::Requested.as_str().into()),
            ("reason", draft.reason.as_str().into()),
            ("note", draft.note.clone().into()),
            ("requested_at", stamp.clone().into()),
            ("last_night", last.to_string().into()),
            ("short_break", i64::from(draft.short_break).into()),
            ("carer_on_holiday", i64::from(draft.carer_on_holiday).into()),
            ("requested_by", person.clone().into()),
            ("override_reason", draft.override_reason.clone().into()),
            ("overridden", Some(overridden_text(&overridden)).filter(|t| !t.is_empty()).into()),
            ("overridden_by", draft.override_reason.as_ref().and(person).into()),
            ("updated_at", stamp.clone().into()),
        ];
        // The stay's children, its audit entry and its mail go with the stay's row on
        // PostgreSQL, in one statement, whose foreign keys are checked as it ends.
        for child in &draft.child_ids {
            tx.defer(
                "INSERT INTO sleepover_children (sleepover_id, child_id, last_night) \
                 VALUES ($1, $2, $3)",
                vec![id.to_string().into(), child.to_string().into(), last.to_string().into()],
            );
        }
        let fields = audit::given_in(&columns);
        audit::add(&mut tx, scope, "create", Record::Sleepover, id, Some(service), &fields);
        let made = draft.requested(id, service, host.id, overridden, stamp);
        tell(&mut tx, &to, &request_notice(&made), &made);
        let (names, values): (Vec<&str>, Vec<Value>) = columns.into_iter().unzip();
        let marks: Vec<String> = (1..=names.len()).map(|n| format!("${n}")).collect();
        let insert =
            format!("INSERT INTO sleepovers ({}) VALUES ({})", names.join(", "), marks.join(", "));
        tx.execute_carrying(&insert, values).await?;
        tx.commit().await?;
        // The stay as a read of it would show it, from what was read to decide it: its
        // households and children are all of one service and one constellation today, so a
        // grant reaches the stay just as it reaches the household asking, and names show alike.
        Ok(Sleepover {
            from_household_name: from.display_name,
            host_household_name: view.name(host.display_name),
            children: children
                .into_iter()
                .map(|c| SleepoverChild { id: c.id, name: c.name })
                .collect(),
            ..made
        })
    }
}

/// What a request is decided by at its host: the one named, if it is in the same constellation
/// today, or else the hub.
fn host_for(
    from: &Household,
    constellation: Id,
    named: Option<Id>,
    asking: Option<Asking>,
) -> Result<Asking> {
    let asking = match named {
        Some(_) => {
            asking.filter(|a| a.host.constellation_id == Some(constellation)).ok_or_else(|| {
                Error::field("host_household_id", "must be a household of the same constellation")
            })?
        }
        None => asking.ok_or_else(|| {
            Error::field("host_household_id", "is required: the constellation has no hub today")
        })?,
    };
    if asking.host.id == from.id {
        return Err(Error::field(
            "host_household_id",
            "must be another household than the one asking",
        ));
    }
    Ok(asking)
}

/// Nights the household has asked for, had confirmed or used in the allowance year of `first`;
/// or a refusal if one of the children is already asked for or booked on any of the nights.
/// One read, inside the write.
async fn nights_used_unless_overlap(
    tx: &mut Write,
    household: Id,
    children: &[Id],
    first: Date,
    last: Date,
) -> Result<i64> {
    let (from, to) = allowance_year(first);
    let marks: Vec<String> = (0..children.len()).map(|n| format!("${}", n + 6)).collect();
    let sql = format!(
        "SELECT (SELECT CAST(COALESCE(sum(nights), 0) AS BIGINT) FROM sleepovers \
         WHERE from_household_id = $1 AND status IN ('requested', 'confirmed', 'completed') \
         AND first_night >= $2 AND first_night <= $3) AS used, \
         (SELECT min(s.first_night) FROM sleepover_children sc JOIN sleepovers s ON s.id = sc.sleepover_id \
         WHERE sc.child_id IN ({}) AND sc.last_night >= $4 AND {OPEN} AND s.first_night <= $5) AS clash",
        marks.join(", ")
    );
    let mut query = sqlx::query(&sql)
        .bind(household.to_string())
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(first.to_string())
        .bind(last.to_string());
    for child in children {
        query = query.bind(child.to_string());
    }
    let row = query.fetch_one(&mut **tx).await?;
    if let Some(clash) = row.opt_date("clash")? {
        return Err(Error::field(
            "first_night",
            format!(
                "overlaps another sleepover for the same child, from {clash}: cancel that one first"
            ),
        ));
    }
    Ok(row.int("used")?)
}
