//! Statements a write sends together just before it commits, in one trip to the database: the
//! audit entries and the mail it queues, and other rows nothing in the write reads back.
//!
//! Each trip costs more than most of these statements do: on SQLite it is a hand-over to the
//! connection's thread and back, made while the write holds the database's one write lock; on
//! PostgreSQL, a round trip to the server. Sent together, they are one script on SQLite (each
//! statement's placeholders numbered on from the last's) and, on PostgreSQL, one statement with
//! each but the last as a `WITH` clause. Either way they succeed or fail with the write.
//!
//! On PostgreSQL a write may also send them with a statement of its own that reads nothing they
//! write (see `Write::fetch_with`), sparing the trip before the commit.
//!
//! So a deferred statement must be one that nothing after it in the write depends on: on
//! PostgreSQL the clauses of one statement do not see each other's rows. Its SQL must not hold a
//! `$` but in its placeholders.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Arguments};

use crate::Backend;

/// A value bound to a deferred statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(Option<String>),
    Int(Option<i64>),
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(Some(text.to_string()))
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(Some(text))
    }
}

impl From<Option<String>> for Value {
    fn from(text: Option<String>) -> Self {
        Value::Text(text)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(Some(n))
    }
}

impl Value {
    /// The value as the log compares it: as text, or `None` for NULL.
    pub(crate) fn as_text(&self) -> Option<String> {
        match self {
            Value::Text(text) => text.clone(),
            Value::Int(n) => n.map(|n| n.to_string()),
        }
    }
}

/// The statements deferred so far, in order.
#[derive(Debug, Default)]
pub(crate) struct Deferred {
    statements: Vec<(String, Vec<Value>)>,
}

impl Deferred {
    pub(crate) fn push(&mut self, sql: &str, values: Vec<Value>) {
        // A placeholder without its value would be bound NULL on SQLite, not refused.
        debug_assert_eq!(highest(sql), values.len(), "a value for each placeholder: {sql}");
        self.statements.push((sql.to_string(), values));
    }

    /// The statements as one, for this backend, or `None` if there are none.
    pub(crate) fn take(&mut self, backend: Backend) -> Option<(String, Vec<Value>)> {
        let mut statements = std::mem::take(&mut self.statements);
        if statements.len() <= 1 {
            return statements.pop();
        }
        Some(match backend {
            Backend::Sqlite => {
                let (parts, all) = numbered_on(statements);
                (parts.join(";\n"), all)
            }
            Backend::Postgres => {
                let last = statements.pop().expect("two statements or more");
                joined(named(statements), last)
            }
        })
    }

    /// On PostgreSQL, one statement of the statements deferred so far, then `clauses`, each a
    /// statement named as a `WITH` clause that those after it may read, then `last`, which may
    /// read them all: each part's placeholders are its own, numbered from `$1`. A `last` that
    /// begins `WITH ` (so written, and not `WITH RECURSIVE`) keeps its own clauses after these.
    pub(crate) fn take_with(
        &mut self,
        clauses: Vec<(&str, String, Vec<Value>)>,
        last: (String, Vec<Value>),
    ) -> (String, Vec<Value>) {
        let statements = std::mem::take(&mut self.statements);
        let mut all = named(statements);
        for (name, sql, values) in clauses {
            debug_assert_eq!(highest(&sql), values.len(), "a value for each placeholder: {sql}");
            all.push((name.to_string(), sql, values));
        }
        debug_assert!(!last.0.starts_with("WITH RECURSIVE"), "clauses join a plain WITH only");
        debug_assert_eq!(
            highest(&last.0),
            last.1.len(),
            "a value for each placeholder: {}",
            last.0
        );
        joined(all, last)
    }
}

/// Deferred statements as clauses named `d0`, `d1` and on.
fn named(statements: Vec<(String, Vec<Value>)>) -> Vec<(String, String, Vec<Value>)> {
    statements
        .into_iter()
        .enumerate()
        .map(|(n, (sql, values))| (format!("d{n}"), sql, values))
        .collect()
}

/// One PostgreSQL statement of named clauses and a last statement, with every placeholder
/// numbered on from the part before; a last statement with clauses of its own keeps them,
/// after these.
fn joined(
    clauses: Vec<(String, String, Vec<Value>)>,
    last: (String, Vec<Value>),
) -> (String, Vec<Value>) {
    if clauses.is_empty() {
        return last;
    }
    let (names, statements): (Vec<String>, Vec<(String, Vec<Value>)>) =
        clauses.into_iter().map(|(name, sql, values)| (name, (sql, values))).unzip();
    let (mut parts, all) = numbered_on(statements.into_iter().chain([last]));
    let sql = parts.pop().expect("the last statement");
    let parts: Vec<String> =
        names.iter().zip(&parts).map(|(name, part)| format!("{name} AS ({part})")).collect();
    let sql = match sql.strip_prefix("WITH ") {
        Some(rest) => format!("WITH {},\n{rest}", parts.join(",\n")),
        None => format!("WITH {}\n{sql}", parts.join(",\n")),
    };
    (sql, all)
}

/// Each statement's SQL with its placeholders numbered on from those of the statements before it,
/// and all their values, in order.
fn numbered_on(
    statements: impl IntoIterator<Item = (String, Vec<Value>)>,
) -> (Vec<String>, Vec<Value>) {
    let mut parts = Vec::new();
    let mut all = Vec::new();
    for (sql, values) in statements {
        parts.push(renumber(&sql, all.len()));
        all.extend(values);
    }
    (parts, all)
}

/// `sql` with each placeholder `$N` numbered `$(N + by)`.
fn renumber(sql: &str, by: usize) -> String {
    each_placeholder(sql, |n| n + by)
}

/// The highest placeholder `$N` in `sql`, or 0.
fn highest(sql: &str) -> usize {
    let mut top = 0;
    each_placeholder(sql, |n| {
        top = top.max(n);
        n
    });
    top
}

/// `sql` with each placeholder `$N` numbered as `number` says; any other `$` is left as it is.
fn each_placeholder(sql: &str, mut number: impl FnMut(usize) -> usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&number(n).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

/// The query for `sql` with these values bound.
pub(crate) fn query(sql: &str, values: Vec<Value>) -> Query<'_, Any, AnyArguments<'_>> {
    let mut arguments = AnyArguments::default();
    for value in values {
        // Adding a text or a number to the arguments cannot fail.
        let _ = match value {
            Value::Text(text) => arguments.add(text),
            Value::Int(n) => arguments.add(n),
        };
    }
    sqlx::query_with(sql, arguments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn placeholders_are_numbered_on_and_nothing_else_changes() {
        assert_eq!(renumber("VALUES ($1, $2, 'x', $10)", 3), "VALUES ($4, $5, 'x', $13)");
        assert_eq!(renumber("SELECT 1", 5), "SELECT 1");
        assert_eq!(renumber("a $ b", 2), "a $ b");
        assert_eq!(highest("VALUES ($1, $12, $3)"), 12);
        assert_eq!(highest("SELECT 1"), 0);
    }

    #[test]
    fn statements_join_as_a_script_on_sqlite_and_as_one_statement_on_postgres() {
        let mut deferred = Deferred::default();
        assert_eq!(deferred.take(Backend::Sqlite), None);
        deferred.push("INSERT INTO a (x) VALUES ($1)", vec!["one".into()]);
        deferred.push("INSERT INTO b (x, y) VALUES ($1, $2)", vec![2.into(), None.into()]);
        let (sql, values) = deferred.take(Backend::Sqlite).expect("two statements");
        assert_eq!(sql, "INSERT INTO a (x) VALUES ($1);\nINSERT INTO b (x, y) VALUES ($2, $3)");
        assert_eq!(values, vec!["one".into(), 2.into(), Value::Text(None)]);
        assert_eq!(deferred.take(Backend::Sqlite), None, "taken once");

        deferred.push("INSERT INTO a (x) VALUES ($1)", vec!["one".into()]);
        deferred.push("INSERT INTO a (x) VALUES ($1)", vec!["two".into()]);
        deferred.push("INSERT INTO b (x) VALUES ($1)", vec![3.into()]);
        let (sql, _) = deferred.take(Backend::Postgres).expect("three statements");
        assert_eq!(
            sql,
            "WITH d0 AS (INSERT INTO a (x) VALUES ($1)),\nd1 AS (INSERT INTO a (x) VALUES ($2))\n\
             INSERT INTO b (x) VALUES ($3)"
        );

        deferred.push("INSERT INTO a (x) VALUES ($1)", vec!["one".into()]);
        let (sql, values) = deferred.take_with(
            vec![("changed", "UPDATE b SET x = $1 RETURNING y".into(), vec![2.into()])],
            ("WITH more AS (SELECT $1 AS z) SELECT * FROM changed, more".into(), vec![3.into()]),
        );
        assert_eq!(
            sql,
            "WITH d0 AS (INSERT INTO a (x) VALUES ($1)),\nchanged AS (UPDATE b SET x = $2 RETURNING y),\n\
             more AS (SELECT $3 AS z) SELECT * FROM changed, more"
        );
        assert_eq!(values, vec!["one".into(), 2.into(), 3.into()]);
        let alone = deferred.take_with(Vec::new(), ("SELECT $1".into(), vec![4.into()]));
        assert_eq!(alone, ("SELECT $1".to_string(), vec![4.into()]), "nothing was left deferred");

        deferred.push("INSERT INTO a (x) VALUES ($1)", vec!["alone".into()]);
        let one = deferred.take(Backend::Postgres).expect("one statement");
        assert_eq!(one, ("INSERT INTO a (x) VALUES ($1)".to_string(), vec!["alone".into()]));
    }

    #[tokio::test]
    async fn a_deferred_statement_that_fails_fails_its_write_and_nothing_of_it_is_kept() {
        const MARK: &str = "INSERT INTO marks (n) VALUES ($1)";
        for url in crate::testing::every_backend().await {
            let store = Store::connect(&url).await.expect("connect");
            let create = sqlx::query("CREATE TABLE marks (n BIGINT PRIMARY KEY)");
            store.write_one(create).await.expect("create");
            let count = || async {
                let sql = "SELECT count(*) FROM marks";
                let n: i64 = sqlx::query_scalar(sql)
                    .fetch_one(&mut *store.read().await.expect("read"))
                    .await
                    .expect("count");
                n
            };

            let mut write = store.write().await.expect("write");
            query(MARK, vec![1.into()]).execute(&mut *write).await.expect("mark 1");
            write.defer(MARK, vec![2.into()]);
            write.defer(MARK, vec![2.into()]);
            assert!(write.commit().await.is_err(), "{url}: the second 2 is refused");
            assert_eq!(count().await, 0, "{url}: nothing of the write is kept");

            let mut write = store.write().await.expect("write");
            query(MARK, vec![1.into()]).execute(&mut *write).await.expect("mark 1");
            write.defer(MARK, vec![2.into()]);
            write.defer(MARK, vec![3.into()]);
            write.commit().await.expect("commit");
            assert_eq!(count().await, 3, "{url}");
            drop(store);
            crate::testing::remove(&url);
        }
    }
}
