//! The audit log: who read a child's record, and who changed what, when. Entries are only ever
//! added: nothing here updates or deletes one, and both schemas refuse it by trigger.
//!
//! A change is found by comparing the row before and after it, column by column, inside the
//! writing transaction, or, where a write knows exactly which columns it changes, from what it
//! writes (a request, a step on a sleepover); either way an entry is saved exactly when its
//! change is. Only the names of the changed fields are kept, never their values.

use domain::{Date, Id, Page, PageRequest, Scope};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use crate::deferred::Value;
use crate::rows::RowExt;
use crate::write::Write;
use crate::{Error, Result, Store, now};

/// The kinds of record the log names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Record {
    Service,
    Constellation,
    Household,
    Membership,
    Carer,
    Child,
    Placement,
    User,
    Grant,
    Sleepover,
    SleepoverRules,
    Unavailable,
    Contact,
    Event,
    Concern,
    Survey,
    SiblingContact,
    MonthlyReturn,
    UnitCost,
    ProgrammeCost,
}

impl Record {
    fn kind(self) -> &'static str {
        match self {
            Record::Service => "service",
            Record::Constellation => "constellation",
            Record::Household => "household",
            Record::Membership => "membership",
            Record::Carer => "carer",
            Record::Child => "child",
            Record::Placement => "placement",
            Record::User => "user",
            Record::Grant => "grant",
            Record::Sleepover => "sleepover",
            Record::SleepoverRules => "sleepover_rules",
            Record::Unavailable => "unavailable_nights",
            Record::Contact => "contact",
            Record::Event => "event",
            Record::Concern => "concern",
            Record::Survey => "survey",
            Record::SiblingContact => "sibling_contact",
            Record::MonthlyReturn => "monthly_return",
            Record::UnitCost => "unit_cost",
            Record::ProgrammeCost => "programme_cost",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Record::Child => "children",
            Record::Service => "services",
            Record::Constellation => "constellations",
            Record::Household => "households",
            Record::Membership => "memberships",
            Record::Carer => "carers",
            Record::Placement => "placements",
            Record::User => "users",
            Record::Grant => "grants",
            Record::Sleepover => "sleepovers",
            Record::SleepoverRules => "sleepover_rules",
            Record::Unavailable => "hub_unavailable_nights",
            Record::Contact => "contacts",
            Record::Event => "events",
            Record::Concern => "concerns",
            Record::Survey => "surveys",
            Record::SiblingContact => "sibling_contacts",
            Record::MonthlyReturn => "monthly_returns",
            Record::UnitCost => "unit_costs",
            Record::ProgrammeCost => "programme_costs",
        }
    }
}

/// A row's columns as text, to compare before and after a change.
pub(crate) type Snapshot = Vec<(String, Option<String>)>;

/// Columns that change with every write and say nothing about what changed.
const CLOCK_COLUMNS: [&str; 2] = ["created_at", "updated_at"];

fn text_of(row: &AnyRow, index: usize) -> Option<String> {
    row.try_get::<Option<String>, _>(index)
        .or_else(|_| row.try_get::<Option<i64>, _>(index).map(|v| v.map(|n| n.to_string())))
        .or_else(|_| row.try_get::<Option<f64>, _>(index).map(|v| v.map(|n| n.to_string())))
        .unwrap_or(None)
}

/// The row of `record` with this id, as it stands inside the transaction.
pub(crate) async fn snapshot(tx: &mut Write, record: Record, id: Id) -> Result<Snapshot> {
    let row = sqlx::query(&format!("SELECT * FROM {} WHERE id = $1", record.table()))
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.as_ref().map(snapshot_of).unwrap_or_default())
}

/// A whole row (`SELECT *` or `RETURNING *`) as the log compares it: each column but the clocks.
pub(crate) fn snapshot_of(row: &AnyRow) -> Snapshot {
    row.columns()
        .iter()
        .filter(|c| !CLOCK_COLUMNS.contains(&c.name()))
        .map(|c| (c.name().to_string(), text_of(row, c.ordinal())))
        .collect()
}

/// The fields a new record was given: those with a value.
pub(crate) fn given(after: &Snapshot) -> Vec<String> {
    after.iter().filter(|(n, v)| v.is_some() && n != "id").map(|(n, _)| n.clone()).collect()
}

/// The fields a new record is given by inserting these columns, in the table's order, with
/// these values: as [`given`] finds them in the row made, where no other column has a default.
pub(crate) fn given_in(columns: &[(&str, Value)]) -> Vec<String> {
    let after: Snapshot = columns
        .iter()
        .filter(|(name, _)| !CLOCK_COLUMNS.contains(name))
        .map(|(name, value)| (name.to_string(), value.as_text()))
        .collect();
    given(&after)
}

/// The fields that differ between a record's row `before` and `after`.
pub(crate) fn differ(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    after.iter().filter(|column| !before.contains(column)).map(|(n, _)| n.clone()).collect()
}

/// Logs that a record of a service was added: the fields given are those with a value.
pub(crate) async fn created(
    tx: &mut Write,
    scope: &Scope,
    record: Record,
    id: Id,
    service: Id,
) -> Result<()> {
    created_in(tx, scope, record, id, Some(service)).await
}

/// Logs that a record was added, in a service or (an account) in none.
pub(crate) async fn created_in(
    tx: &mut Write,
    scope: &Scope,
    record: Record,
    id: Id,
    service: Option<Id>,
) -> Result<()> {
    let after = snapshot(tx, record, id).await?;
    add(tx, scope, "create", record, id, service, &given(&after));
    Ok(())
}

/// Logs a change to a record of a service whose row was `before`: the fields are those that
/// differ now.
pub(crate) async fn changed(
    tx: &mut Write,
    scope: &Scope,
    action: &str,
    record: Record,
    id: Id,
    service: Id,
    before: Snapshot,
) -> Result<()> {
    changed_in(tx, scope, action, record, id, Some(service), before).await
}

/// Logs a change to a record, in a service or (an account) in none.
pub(crate) async fn changed_in(
    tx: &mut Write,
    scope: &Scope,
    action: &str,
    record: Record,
    id: Id,
    service: Option<Id>,
    before: Snapshot,
) -> Result<()> {
    let after = snapshot(tx, record, id).await?;
    add(tx, scope, action, record, id, service, &differ(&before, &after));
    Ok(())
}

pub(crate) fn add(
    tx: &mut Write,
    scope: &Scope,
    action: &str,
    record: Record,
    id: Id,
    service: Option<Id>,
    fields: &[String],
) {
    tx.defer(
        "INSERT INTO audit_entries (id, at, user_id, actor, service_id, action, record_kind, record_id, fields) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        vec![
            Id::new().to_string().into(),
            now().into(),
            scope.person().map(|p| p.to_string()).into(),
            if scope.person().is_some() { "person" } else { "command line" }.into(),
            service.map(|s| s.to_string()).into(),
            action.into(),
            record.kind().into(),
            id.to_string().into(),
            fields.join(",").into(),
        ],
    );
}

/// One entry, as the audit page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: Id,
    pub at: String,
    /// The person's e-mail address, or `command line`.
    pub who: String,
    pub action: String,
    pub record_kind: String,
    pub record_id: String,
    /// The names of the fields that changed; never their values.
    pub fields: Vec<String>,
}

/// What the audit page's one search box holds: a record's id, a day, or (anything else) part of
/// a person's e-mail address.
enum Search {
    Record(Id),
    Day(Date),
    Person,
}

impl Search {
    fn of(text: &str) -> Self {
        if let Ok(record) = text.parse() {
            Search::Record(record)
        } else if let Ok(day) = Date::parse(text) {
            Search::Day(day)
        } else {
            Search::Person
        }
    }
}

/// Logs that a record was opened and read.
pub(crate) fn read(tx: &mut Write, scope: &Scope, record: Record, id: Id, service: Id) {
    add(tx, scope, "read", record, id, Some(service), &[]);
}

impl Store {
    /// The log of the services the caller manages, newest first, searched by the page's text.
    /// Only a service manager (or the command line) reads it; for anyone else it is not found.
    pub async fn audit_entries(
        &self,
        scope: &Scope,
        page: &PageRequest,
    ) -> Result<Page<AuditEntry>> {
        let mut query = self.query("audit_entries a LEFT JOIN users u ON u.id = a.user_id");
        if let Some(managed) = scope.managed_services() {
            if managed.is_empty() {
                return Err(Error::NotFound);
            }
            let any: Vec<String> =
                managed.into_iter().map(|s| format!("a.service_id = {}", query.bind(s))).collect();
            query.condition(format!("({})", any.join(" OR ")));
        }
        match page.search.as_deref().map(Search::of) {
            Some(Search::Record(record)) => {
                query.filter(record, |p| format!("a.record_id = {p}"));
            }
            Some(Search::Day(day)) => {
                query.filter(day, |p| format!("a.at >= {p}"));
                query.filter(day.add_days(1), |p| format!("a.at < {p}"));
            }
            Some(Search::Person) => {
                query.search(page, &["u.email"]);
            }
            None => {}
        }
        let columns =
            "a.id, a.at, a.actor, u.email, a.action, a.record_kind, a.record_id, a.fields";
        let (rows, total) = query.page(self, columns, "a.at DESC, a.id", page).await?;
        let items = rows
            .iter()
            .map(|r| {
                let fields = r.text("fields")?;
                Ok(AuditEntry {
                    id: r.id("id")?,
                    at: r.text("at")?,
                    who: r.opt_text("email")?.unwrap_or(r.text("actor")?),
                    action: r.text("action")?,
                    record_kind: r.text("record_kind")?,
                    record_id: r.text("record_id")?,
                    fields: fields
                        .split(',')
                        .filter(|f| !f.is_empty())
                        .map(str::to_string)
                        .collect(),
                })
            })
            .collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }
}
