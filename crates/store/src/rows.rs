//! Reading columns into the model's types. A value that does not parse is a decode error: the
//! database holds something the code never wrote.

use domain::{Choice, Date, Id};
use sqlx::Row;
use sqlx::any::AnyRow;

fn decode(column: &str, what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("column {column} does not hold {what}").into())
}

pub(crate) trait RowExt {
    fn text(&self, column: &str) -> sqlx::Result<String>;
    fn opt_text(&self, column: &str) -> sqlx::Result<Option<String>>;
    fn int(&self, column: &str) -> sqlx::Result<i64>;
    fn opt_int(&self, column: &str) -> sqlx::Result<Option<i64>>;

    fn id(&self, column: &str) -> sqlx::Result<Id> {
        self.text(column)?.parse().map_err(|_| decode(column, "an id"))
    }

    fn opt_id(&self, column: &str) -> sqlx::Result<Option<Id>> {
        self.opt_text(column)?.map(|t| t.parse().map_err(|_| decode(column, "an id"))).transpose()
    }

    fn date(&self, column: &str) -> sqlx::Result<Date> {
        Date::parse(&self.text(column)?).map_err(|_| decode(column, "a date"))
    }

    fn opt_date(&self, column: &str) -> sqlx::Result<Option<Date>> {
        self.opt_text(column)?
            .map(|t| Date::parse(&t).map_err(|_| decode(column, "a date")))
            .transpose()
    }

    fn choice<T: Choice>(&self, column: &str) -> sqlx::Result<T> {
        T::parse(&self.text(column)?).ok_or_else(|| decode(column, "a known word"))
    }

    fn opt_choice<T: Choice>(&self, column: &str) -> sqlx::Result<Option<T>> {
        self.opt_text(column)?
            .map(|t| T::parse(&t).ok_or_else(|| decode(column, "a known word")))
            .transpose()
    }

    /// An instant, stored as RFC 3339.
    fn instant(&self, column: &str) -> sqlx::Result<jiff::Timestamp> {
        self.text(column)?.parse().map_err(|_| decode(column, "an instant"))
    }

    fn opt_bool(&self, column: &str) -> sqlx::Result<Option<bool>> {
        Ok(self.opt_int(column)?.map(|n| n != 0))
    }
}

impl RowExt for AnyRow {
    fn text(&self, column: &str) -> sqlx::Result<String> {
        self.try_get(column)
    }

    fn opt_text(&self, column: &str) -> sqlx::Result<Option<String>> {
        self.try_get(column)
    }

    fn int(&self, column: &str) -> sqlx::Result<i64> {
        self.try_get(column)
    }

    fn opt_int(&self, column: &str) -> sqlx::Result<Option<i64>> {
        self.try_get(column)
    }
}

/// The columns of one record in a read that returns two side by side, each named with `prefix`
/// before it: `k_id` for the `id` of the record under `k_`.
pub(crate) struct Prefixed<'a> {
    pub row: &'a AnyRow,
    pub prefix: &'static str,
}

impl Prefixed<'_> {
    fn name(&self, column: &str) -> String {
        format!("{}{column}", self.prefix)
    }
}

impl RowExt for Prefixed<'_> {
    fn text(&self, column: &str) -> sqlx::Result<String> {
        self.row.try_get(self.name(column).as_str())
    }

    fn opt_text(&self, column: &str) -> sqlx::Result<Option<String>> {
        self.row.try_get(self.name(column).as_str())
    }

    fn int(&self, column: &str) -> sqlx::Result<i64> {
        self.row.try_get(self.name(column).as_str())
    }

    fn opt_int(&self, column: &str) -> sqlx::Result<Option<i64>> {
        self.row.try_get(self.name(column).as_str())
    }
}

/// How much of the row's record the caller may see: whole where one of their staff grants reaches
/// it (the query's `whole` column), otherwise what their other grants allow.
pub(crate) fn view_of(
    row: &impl RowExt,
    scope: &domain::Scope,
) -> sqlx::Result<domain::access::View> {
    Ok(if row.int("whole")? == 1 {
        domain::access::View::Whole
    } else {
        scope.view_without_staff()
    })
}
