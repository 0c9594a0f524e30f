//! A small builder for reads whose filters depend on the scope and the request, so each filter
//! becomes SQL only when it applies and every value is bound, never spliced.

use domain::sleepovers::HOST_ACCESS_DAYS;
use domain::{Choice, Date, Grant, PageRequest, Place, Role, Scope, Sensitivity};
use sqlx::any::AnyArguments;
use sqlx::{Arguments, Row};

use crate::{Backend, Result, Store};

pub(crate) struct Query {
    /// The backend the SQL is written for, where the two planners read different forms well
    /// (see `among`).
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

    /// Limits rows to what the scope's grants reach (DESIGN §4); no grants reach nothing.
    pub(crate) fn scope(&mut self, scope: &Scope, reach: Reach) -> &mut Self {
        let Reaching { condition, whole } = self.reaching(scope, reach);
        self.whole = Some(whole);
        match condition {
            Some(condition) => self.condition(condition),
            None => self,
        }
    }

    /// Adds a join to what the query reads from, whose values are already bound.
    pub(crate) fn join(&mut self, sql: &str) -> &mut Self {
        self.from.push(' ');
        self.from.push_str(sql);
        self
    }

    /// What the scope's grants reach of rows read through `reach`, without limiting this
    /// query's rows to it: for a second record joined beside the first.
    pub(crate) fn reaching(&mut self, scope: &Scope, reach: Reach) -> Reaching {
        let Scope::Person { grants, .. } = scope else {
            return Reaching { condition: None, whole: "1".into() };
        };
        let mut any = Vec::new();
        let mut staff = Vec::new();
        for grant in grants {
            if let Some(condition) = self.reach(grant, &reach) {
                if grant.role.is_staff() {
                    staff.push(condition.clone());
                }
                any.push(condition);
            }
        }
        Reaching {
            condition: Some(if any.is_empty() {
                "1 = 0".to_string()
            } else {
                format!("({})", any.join(" OR "))
            }),
            whole: if staff.is_empty() {
                "0".into()
            } else {
                format!("CASE WHEN {} THEN 1 ELSE 0 END", staff.join(" OR "))
            },
        }
    }

    /// The condition under which one grant reaches a row, or `None` if it reaches none.
    fn reach(&mut self, grant: &Grant, reach: &Reach) -> Option<String> {
        if !grant.role.sees(reach.kind) {
            return None;
        }
        match (grant.role, grant.place) {
            (Role::ProgrammeLead, _) => Some("1 = 1".into()),
            (Role::ServiceManager, Place::Service(s)) => {
                let p = self.bind(s);
                Some(format!("{} = {p}", reach.service))
            }
            (Role::LiaisonWorker | Role::HubCarer, Place::Constellation(c)) => {
                let c = self.bind(c);
                let today = self.bind(Date::today());
                let members = format!(
                    "SELECT household_id FROM memberships WHERE constellation_id = {c} AND {}",
                    current("", &today)
                );
                let mut ways = Vec::new();
                if let Some(column) = reach.constellation {
                    ways.push(format!("{column} = {c}"));
                }
                for column in reach.households() {
                    ways.push(self.among(column, &members));
                }
                if ways.is_empty() {
                    let services = format!("SELECT service_id FROM constellations WHERE id = {c}");
                    ways.push(self.among(reach.service, &services));
                }
                Some(format!("({})", ways.join(" OR ")))
            }
            (Role::SatelliteCarer, Place::Household(h)) => {
                let h = self.bind(h);
                let today = self.bind(Date::today());
                let theirs = format!(
                    "SELECT constellation_id FROM memberships WHERE household_id = {h} AND {}",
                    current("", &today)
                );
                let hosted = reach.hosted.map(|column| {
                    let since = self.bind(Date::today().add_days(-HOST_ACCESS_DAYS));
                    let children = format!(
                        "SELECT sc.child_id FROM sleepover_children sc \
                         JOIN sleepovers s ON s.id = sc.sleepover_id WHERE s.host_household_id = {h} \
                         AND s.status IN ('confirmed', 'completed') AND s.last_night >= {since}"
                    );
                    format!(" OR {}", self.among(column, &children))
                });
                if let (Some(column), Some(host)) = (reach.household, reach.host) {
                    return Some(format!("({column} = {h} OR {host} = {h})"));
                }
                let own = match (reach.household, reach.constellation) {
                    // The other households of their constellation today too, by first name.
                    (Some(column), _) if reach.neighbours => {
                        let neighbours = format!(
                            "SELECT n.household_id FROM memberships n \
                             WHERE {} AND n.constellation_id IN ({theirs})",
                            current("n.", &today)
                        );
                        format!("({column} = {h} OR {})", self.among(column, &neighbours))
                    }
                    (Some(column), _) => format!("{column} = {h}"),
                    (None, Some(column)) => self.among(column, &theirs),
                    (None, None) => {
                        let services = format!("SELECT service_id FROM households WHERE id = {h}");
                        self.among(reach.service, &services)
                    }
                };
                Some(format!("({own}{})", hosted.unwrap_or_default()))
            }
            // A grant whose place does not fit its role reaches nothing.
            _ => None,
        }
    }

    /// The condition that `column` is among the values `subquery` selects. A grant's reach is
    /// one of several ways joined by `OR`, and PostgreSQL reads `x IN (…) OR …` by testing every
    /// row of the table; as an array, read once first, the values are looked up in the column's
    /// index. SQLite reads the index for either, and has no arrays.
    fn among(&self, column: &str, subquery: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("{column} IN ({subquery})"),
            Backend::Postgres => format!("{column} = ANY(ARRAY({subquery}))"),
        }
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

/// What a scope's grants reach of the rows of one read.
pub(crate) struct Reaching {
    /// The condition under which a row is reached; `None` when every row is (the command line).
    pub condition: Option<String>,
    /// `1` when a staff grant reaches the row, so it may be shown whole, else `0`.
    pub whole: String,
}

impl Store {
    /// A read whose filters depend on the scope and the request, written for this store's
    /// backend. `from` is everything between `SELECT …` and `WHERE`: the table and its joins.
    pub(crate) fn query(&self, from: &str) -> Query {
        Query::new(self.backend, from)
    }
}

/// Whether a membership (aliased by `alias`, with its dot) runs on the day bound at `today`.
pub(crate) fn current(alias: &str, today: &str) -> String {
    format!("{alias}from_on <= {today} AND ({alias}to_on IS NULL OR {alias}to_on >= {today})")
}

/// Which columns of a read name the record's service, constellation and household.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reach {
    pub kind: Sensitivity,
    pub service: &'static str,
    pub constellation: Option<&'static str>,
    pub household: Option<&'static str>,
    /// A second household column, for a record that joins two homes: a sleepover's host.
    pub host: Option<&'static str>,
    /// The child column, for records a satellite carer sees while hosting the child.
    pub hosted: Option<&'static str>,
    /// A satellite carer also reaches the other households of their constellation (shown by
    /// first name): true for the households themselves, not for their carers or children.
    pub neighbours: bool,
}

impl Reach {
    pub(crate) const fn new(kind: Sensitivity, service: &'static str) -> Self {
        Reach {
            kind,
            service,
            constellation: None,
            household: None,
            host: None,
            hosted: None,
            neighbours: false,
        }
    }

    pub(crate) const fn host(mut self, column: &'static str) -> Self {
        self.host = Some(column);
        self
    }

    /// A satellite carer hosting the child, from confirmation until a few days after the
    /// last night, sees the child's shareable information.
    pub(crate) const fn hosted(mut self, column: &'static str) -> Self {
        self.hosted = Some(column);
        self
    }

    fn households(&self) -> impl Iterator<Item = &'static str> {
        self.household.into_iter().chain(self.host)
    }

    pub(crate) const fn constellation(mut self, column: &'static str) -> Self {
        self.constellation = Some(column);
        self
    }

    pub(crate) const fn household(mut self, column: &'static str) -> Self {
        self.household = Some(column);
        self
    }

    pub(crate) const fn neighbours(mut self) -> Self {
        self.neighbours = true;
        self
    }
}
