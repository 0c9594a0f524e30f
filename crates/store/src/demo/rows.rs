//! Rows waiting to be written, table by table, and the batched writer that writes them.

use sqlx::AnyConnection;

use crate::Result;

pub(crate) enum Value {
    Text(String),
    Int(i64),
    /// A missing text or date. PostgreSQL needs to know a `NULL`'s type when it is bound.
    Null,
    /// A missing number or yes/no.
    NullInt,
}

/// What a missing value of this type is.
pub(crate) trait Missing {
    const MISSING: Value;
}

impl Missing for String {
    const MISSING: Value = Value::Null;
}

impl Missing for &str {
    const MISSING: Value = Value::Null;
}

impl Missing for i64 {
    const MISSING: Value = Value::NullInt;
}

impl Missing for bool {
    const MISSING: Value = Value::NullInt;
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_string())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Int(i64::from(b))
    }
}

impl<T: Into<Value> + Missing> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(T::MISSING, Into::into)
    }
}

/// The demo's tables, in an order where every row's references are written before it.
pub(crate) const TABLES: &[(&str, &[&str])] = &[
    (
        "services",
        &[
            "id",
            "name",
            "kind",
            "region",
            "status",
            "joined_on",
            "left_on",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "constellations",
        &[
            "id",
            "service_id",
            "name",
            "status",
            "launched_on",
            "closed_on",
            "liaison_worker",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "households",
        &[
            "id",
            "service_id",
            "reference",
            "display_name",
            "postcode",
            "places",
            "approval_kinds",
            "sleepover_beds",
            "joined_on",
            "left_on",
            "left_reason",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "memberships",
        &[
            "id",
            "service_id",
            "household_id",
            "constellation_id",
            "role",
            "from_on",
            "to_on",
            "end_reason",
            "created_at",
        ],
    ),
    (
        "hub_unavailable_nights",
        &["id", "service_id", "household_id", "from_on", "to_on", "reason", "created_at"],
    ),
    (
        "carers",
        &[
            "id",
            "service_id",
            "household_id",
            "name",
            "role",
            "approved_from",
            "approved_to",
            "approval_end_reason",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "children",
        &[
            "id",
            "service_id",
            "household_id",
            "name",
            "birth_month",
            "arrangement",
            "sibling_group_id",
            "needs_notes",
            "shareable_notes",
            "da_granted_by",
            "da_granted_on",
            "da_scope",
            "da_review_on",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "placements",
        &[
            "id",
            "service_id",
            "child_id",
            "household_id",
            "from_on",
            "to_on",
            "place_code",
            "reason_code",
            "planned_ending",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "sleepovers",
        &[
            "id",
            "service_id",
            "from_household_id",
            "host_household_id",
            "first_night",
            "nights",
            "kind",
            "status",
            "reason",
            "note",
            "requested_at",
            "answered_at",
            "last_night",
        ],
    ),
    ("sleepover_children", &["sleepover_id", "child_id", "last_night"]),
    ("host_nights", &["household_id", "night", "taken", "closed"]),
    (
        "events",
        &["id", "service_id", "constellation_id", "kind", "title", "starts_at", "cancelled"],
    ),
    ("attendances", &["event_id", "household_id", "adults", "children"]),
    (
        "contacts",
        &[
            "id",
            "service_id",
            "household_id",
            "made_by",
            "at",
            "channel",
            "minutes",
            "topics",
            "note",
        ],
    ),
    (
        "concerns",
        &[
            "id",
            "service_id",
            "household_id",
            "child_id",
            "carer_id",
            "kind",
            "opened_on",
            "closed_on",
            "outcome",
            "attributed",
        ],
    ),
];

/// One of [`TABLES`], by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum T {
    Services,
    Constellations,
    Households,
    Memberships,
    HubUnavailableNights,
    Carers,
    Children,
    Placements,
    Sleepovers,
    SleepoverChildren,
    HostNights,
    Events,
    Attendances,
    Contacts,
    Concerns,
}

/// Rows for every table, held until they are written.
pub(crate) struct Rows {
    values: Vec<Vec<Value>>,
    counts: Vec<u64>,
}

impl Default for Rows {
    fn default() -> Self {
        Rows { values: TABLES.iter().map(|_| Vec::new()).collect(), counts: vec![0; TABLES.len()] }
    }
}

impl Rows {
    /// Adds one row; the values must follow the table's columns in [`TABLES`].
    pub fn push<const N: usize>(&mut self, table: T, row: [Value; N]) {
        debug_assert_eq!(TABLES[table as usize].1.len(), N, "{}", TABLES[table as usize].0);
        self.values[table as usize].extend(row);
        self.counts[table as usize] += 1;
    }

    /// How many rows a table has been given, including rows already written.
    pub fn count(&self, table: T) -> u64 {
        self.counts[table as usize]
    }

    /// Adds another set's counts to this one's.
    pub fn absorb(&mut self, other: &Rows) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The rows not yet written, as text, for comparing two runs.
    #[cfg(test)]
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut hasher = DefaultHasher::new();
        for value in self.values.iter().flatten() {
            match value {
                Value::Text(text) => text.hash(&mut hasher),
                Value::Int(n) => n.hash(&mut hasher),
                Value::Null => 0u8.hash(&mut hasher),
                Value::NullInt => 1u8.hash(&mut hasher),
            }
        }
        hasher.finish()
    }

    /// The text values of one column of a table's waiting rows.
    #[cfg(test)]
    pub fn column(&self, table: T, column: &str) -> Vec<Option<String>> {
        let columns = TABLES[table as usize].1;
        let at = columns.iter().position(|c| *c == column).expect("a column of the table");
        self.values[table as usize]
            .chunks(columns.len())
            .map(|row| match &row[at] {
                Value::Text(text) => Some(text.clone()),
                Value::Int(n) => Some(n.to_string()),
                Value::Null | Value::NullInt => None,
            })
            .collect()
    }

    /// Writes every waiting row, table by table, in multi-row `INSERT`s, and empties the buffers.
    pub async fn write(&mut self, conn: &mut AnyConnection) -> Result<()> {
        for (index, (table, columns)) in TABLES.iter().enumerate() {
            let values = std::mem::take(&mut self.values[index]);
            let mut rows_left = values.len() / columns.len();
            let mut values = values.into_iter();
            // A few fixed batch sizes, so each table needs only a few prepared statements. SQLite
            // looks a parameter's name up along a list, so binding grows with the square of the
            // parameters in a statement: a few hundred per statement is quickest.
            let full = (PARAMETERS_PER_INSERT / columns.len()).max(2);
            for size in [full, 32, 1] {
                let sql = insert_sql(table, columns, size);
                while rows_left >= size {
                    let mut query = sqlx::query(&sql);
                    for value in values.by_ref().take(size * columns.len()) {
                        query = match value {
                            Value::Text(text) => query.bind(text),
                            Value::Int(n) => query.bind(n),
                            Value::Null => query.bind(None::<String>),
                            Value::NullInt => query.bind(None::<i64>),
                        };
                    }
                    query.execute(&mut *conn).await?;
                    rows_left -= size;
                }
            }
        }
        Ok(())
    }
}

/// About this many parameters in each multi-row `INSERT`.
const PARAMETERS_PER_INSERT: usize = 400;

fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns.len() {
            n += 1;
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_statements_number_every_placeholder() {
        assert_eq!(
            insert_sql("t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }

    #[test]
    fn tables_are_listed_in_the_order_of_their_names() {
        assert_eq!(TABLES[T::Concerns as usize].0, "concerns");
        assert_eq!(TABLES[T::SleepoverChildren as usize].0, "sleepover_children");
        assert_eq!(TABLES[T::HubUnavailableNights as usize].0, "hub_unavailable_nights");
    }
}
