//! A small builder for reads whose filters depend on the scope and the request, so each filter
//! becomes SQL only when it applies and every value is bound, never spliced.

mod reach;

pub(crate) use reach::{Reach, current};

use domain::{Choice, PageRequest};
use sqlx::any::AnyArguments;
use sqlx::{Arguments, Row};

use crate::{Backend, Result, Store};

pub(crate) struct Query {
    /// The backend the SQL is written for, where the two planners read different forms well
    /// (see `reach::among`).
    backend: Backend,
    from: String,
    /// The table alone, aliased as in `from`, where its joins only add columns: a page's keys
    /// and its count are read from it, unless a search reads the joined tables.
    alone: Option<&'static str>,
    searched: bool,
    conditions: Vec<String>,
    binds: Vec<String>,
    /// Whether each row may be shown whole: `1` when a staff grant reaches it (read back as
    /// the `whole` column of every row), `0` when only a carer's grant does.
    whole: Option<String>,
}

impl Query {
    /// See [`Store::query`].
    fn new(backend: Backend, from: &str) -> Self {
        Query {
            backend,
            from: from.to_string(),
            alone: None,
            searched: false,
            conditions: Vec::new(),
            binds: Vec::new(),
            whole: None,
        }
    }

    /// Reads a page's keys and count from `table` alone (aliased as in `from`), as `from`'s joins
    /// match every row once and only add columns. Without it, PostgreSQL hashed every household
    /// to name the few hundred stays a page's keys were chosen from. Every condition but a
    /// search's must then name the table's columns only: the keys are read inside the query that
    /// reads their rows whole, where a joined table's name would quietly mean the outer one's.
    pub(crate) fn alone(&mut self, table: &'static str) -> &mut Self {
        self.alone = Some(table);
        self
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

    /// Adds a condition whose values are already bound.
    pub(crate) fn condition(&mut self, sql: String) -> &mut Self {
        self.conditions.push(sql);
        self
    }

    /// Adds `column = 'word'` for a word of a closed list, written into the SQL rather than bound:
    /// a plan made for any value cannot read an index kept for some words only (the index of open
    /// stays), and PostgreSQL plans a list once for every value (a service's coming stays: 1.1 ms
    /// bound, 0.1 ms written in). Only a closed list's own words are written in this way.
    pub(crate) fn word(&mut self, column: &str, word: impl Choice) -> &mut Self {
        self.condition(format!("{column} = '{}'", word.as_str()))
    }

    /// Adds a join to what the query reads from, whose values are already bound.
    pub(crate) fn join(&mut self, sql: &str) -> &mut Self {
        self.from.push(' ');
        self.from.push_str(sql);
        self
    }

    /// Matches the page's search text against any of `columns`, ignoring case.
    pub(crate) fn search(&mut self, page: &PageRequest, columns: &[&str]) -> &mut Self {
        if let Some(pattern) = page.like_pattern() {
            let p = self.bind(pattern);
            let any: Vec<String> =
                columns.iter().map(|c| format!("lower({c}) LIKE {p} ESCAPE '\\'")).collect();
            self.conditions.push(format!("({})", any.join(" OR ")));
            self.searched = true;
        }
        self
    }

    /// The columns to read: `select`, and whether each row may be shown whole.
    fn columns(&self, select: &str) -> String {
        format!("{select}, {} AS whole", self.whole.as_deref().unwrap_or("1"))
    }

    /// ` WHERE` and the conditions, or nothing when there are none.
    pub(crate) fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    fn sql(&self, select: &str, tail: &str) -> String {
        self.sql_from(&self.from, select, tail)
    }

    /// As `sql`, from the table alone where that reads the same rows.
    fn narrow_sql(&self, select: &str, tail: &str) -> String {
        match self.alone {
            Some(table) if !self.searched => self.sql_from(table, select, tail),
            _ => self.sql(select, tail),
        }
    }

    fn sql_from(&self, from: &str, select: &str, tail: &str) -> String {
        format!("SELECT {select} FROM {from}{} {tail}", self.where_clause())
    }

    /// Runs SQL written around [`Query::where_clause`], with this query's values bound.
    pub(crate) async fn fetch_sql(
        &self,
        store: &Store,
        sql: &str,
    ) -> Result<Vec<sqlx::any::AnyRow>> {
        Ok(sqlx::query_with(sql, self.arguments()).fetch_all(&mut *store.read().await?).await?)
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
        let sql = self.sql(&self.columns(select), tail);
        Ok(sqlx::query_with(&sql, self.arguments()).fetch_all(&mut *store.read().await?).await?)
    }

    pub(crate) async fn fetch_optional(
        &self,
        store: &Store,
        select: &str,
    ) -> Result<Option<sqlx::any::AnyRow>> {
        let sql = self.sql(&self.columns(select), "");
        Ok(sqlx::query_with(&sql, self.arguments())
            .fetch_optional(&mut *store.read().await?)
            .await?)
    }

    /// One page of rows, ordered by `order`, with the total count. `order` ends with the rows'
    /// unique key (such as `h.id`): the page's keys are found first, from the narrowest index,
    /// and only those rows are then read whole, so a deep page does not read what it skips.
    /// The rows are counted only when the page cannot tell: a page that holds some rows but is
    /// not full is the last, so the total is the rows before it and its own.
    pub(crate) async fn page(
        &self,
        store: &Store,
        select: &str,
        order: &str,
        page: &PageRequest,
    ) -> Result<(Vec<sqlx::any::AnyRow>, u64)> {
        let rows = self.page_rows(store, select, order, page).await?;
        let shown = page.offset().max(0) as u64 + rows.len() as u64;
        let last = (rows.len() as i64) < page.limit() && (!rows.is_empty() || page.page == 1);
        if !page.counted || last {
            return Ok((rows, shown));
        }
        let count_sql = self.narrow_sql("count(*) AS n", "");
        let total: i64 = sqlx::query_with(&count_sql, self.arguments())
            .fetch_one(&mut *store.read().await?)
            .await?
            .try_get("n")?;
        Ok((rows, total.max(0) as u64))
    }

    /// One page of rows, as [`Query::page`], without counting every row that matches.
    async fn page_rows(
        &self,
        store: &Store,
        select: &str,
        order: &str,
        page: &PageRequest,
    ) -> Result<Vec<sqlx::any::AnyRow>> {
        let key = order.rsplit(',').next().unwrap_or(order).trim();
        let keys = self.narrow_sql(
            key,
            &format!("ORDER BY {order} LIMIT {} OFFSET {}", page.limit(), page.offset()),
        );
        let sql = format!(
            "SELECT {} FROM {} WHERE {key} IN ({keys}) ORDER BY {order}",
            self.columns(select),
            self.from
        );
        Ok(sqlx::query_with(&sql, self.arguments()).fetch_all(&mut *store.read().await?).await?)
    }
}

impl Store {
    /// A read whose filters depend on the scope and the request, written for this store's
    /// backend. `from` is everything between `SELECT …` and `WHERE`: the table and its joins.
    pub(crate) fn query(&self, from: &str) -> Query {
        Query::new(self.backend, from)
    }
}
