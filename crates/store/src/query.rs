//! A small builder for reads whose filters depend on the scope and the request, so each filter
//! becomes SQL only when it applies and every value is bound, never spliced.

use domain::{PageRequest, Scope};
use sqlx::any::AnyArguments;
use sqlx::{Arguments, Row};

use crate::{Result, Store};

pub(crate) struct Query {
    from: String,
    conditions: Vec<String>,
    binds: Vec<String>,
}

impl Query {
    /// `from` is everything between `SELECT …` and `WHERE`: the table and its joins.
    pub(crate) fn new(from: &str) -> Self {
        Query { from: from.to_string(), conditions: Vec::new(), binds: Vec::new() }
    }

    /// The next placeholder, bound to `value`.
    pub(crate) fn bind(&mut self, value: impl ToString) -> String {
        self.binds.push(value.to_string());
        format!("${}", self.binds.len())
    }

    /// Adds a condition; `make` receives the placeholder for `value`.
    pub(crate) fn filter(
        &mut self,
        value: impl ToString,
        make: impl FnOnce(&str) -> String,
    ) -> &mut Self {
        let placeholder = self.bind(value);
        self.conditions.push(make(&placeholder));
        self
    }

    /// Limits rows to the scope's service, through the column that names it.
    pub(crate) fn scope(&mut self, scope: &Scope, service_column: &str) -> &mut Self {
        if let Some(service) = scope.service() {
            self.filter(service, |p| format!("{service_column} = {p}"));
        }
        self
    }

    /// Matches the page's search text against any of `columns`, ignoring case.
    pub(crate) fn search(&mut self, page: &PageRequest, columns: &[&str]) -> &mut Self {
        if let Some(pattern) = page.like_pattern() {
            let p = self.bind(pattern);
            let any: Vec<String> =
                columns.iter().map(|c| format!("lower({c}) LIKE {p} ESCAPE '\\'")).collect();
            self.conditions.push(format!("({})", any.join(" OR ")));
        }
        self
    }

    fn sql(&self, select: &str, tail: &str) -> String {
        let mut sql = format!("SELECT {select} FROM {}", self.from);
        if !self.conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.conditions.join(" AND "));
        }
        sql.push(' ');
        sql.push_str(tail);
        sql
    }

    fn arguments(&self) -> AnyArguments<'static> {
        let mut args = AnyArguments::default();
        for value in &self.binds {
            // Adding an owned String to Any arguments cannot fail.
            let _ = args.add(value.clone());
        }
        args
    }

    pub(crate) async fn fetch_all(
        &self,
        store: &Store,
        select: &str,
        tail: &str,
    ) -> Result<Vec<sqlx::any::AnyRow>> {
        let sql = self.sql(select, tail);
        Ok(sqlx::query_with(&sql, self.arguments()).fetch_all(&store.pool).await?)
    }

    pub(crate) async fn fetch_optional(
        &self,
        store: &Store,
        select: &str,
    ) -> Result<Option<sqlx::any::AnyRow>> {
        let sql = self.sql(select, "");
        Ok(sqlx::query_with(&sql, self.arguments()).fetch_optional(&store.pool).await?)
    }

    /// One page of rows, ordered by `order`, with the total count. `order` ends with the rows'
    /// unique key (such as `h.id`): the page's keys are found first, from the narrowest index,
    /// and only those rows are then read whole, so a deep page does not read what it skips.
    pub(crate) async fn page(
        &self,
        store: &Store,
        select: &str,
        order: &str,
        page: &PageRequest,
    ) -> Result<(Vec<sqlx::any::AnyRow>, u64)> {
        let count_sql = self.sql("count(*) AS n", "");
        let total: i64 = sqlx::query_with(&count_sql, self.arguments())
            .fetch_one(&store.pool)
            .await?
            .try_get("n")?;
        let key = order.rsplit(',').next().unwrap_or(order).trim();
        let keys = self
            .sql(key, &format!("ORDER BY {order} LIMIT {} OFFSET {}", page.limit(), page.offset()));
        let sql =
            format!("SELECT {select} FROM {} WHERE {key} IN ({keys}) ORDER BY {order}", self.from);
        let rows = sqlx::query_with(&sql, self.arguments()).fetch_all(&store.pool).await?;
        Ok((rows, total.max(0) as u64))
    }
}
