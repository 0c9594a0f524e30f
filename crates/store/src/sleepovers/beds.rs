//! A host's beds: taken and freed inside a write, each night's count changed in one statement,
//! so they are never double-booked, and the first night without a bed as a read sees it.

use domain::sleepovers::Sleepover;
use domain::{Date, Id};
use sqlx::Any;
use sqlx::any::AnyRow;

use crate::deferred::{self, Value};
use crate::rows::RowExt;
use crate::spans::{ROW_LOCK, locking};
use crate::write::Write;
use crate::{Error, Result};
/// The nights the store holds for a host between two days: (night, taken, unavailable).
pub(super) async fn held(
    executor: impl sqlx::Executor<'_, Database = Any>,
    host: Id,
    from: Date,
    to: Date,
) -> Result<Vec<(Date, i64, bool)>> {
    let rows = sqlx::query(
        "SELECT night, taken, closed FROM host_nights WHERE household_id = $1 \
         AND night >= $2 AND night <= $3",
    )
    .bind(host.to_string())
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(executor)
    .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.date("night")?, r.int("taken")?, r.int("closed")? > 0)))
        .collect::<sqlx::Result<_>>()?)
}

/// Why a night cannot take `need` more children, in words, or `None` if it can.
fn full(night: Date, beds: i64, taken: i64, unavailable: bool, need: i64) -> Option<String> {
    if unavailable {
        Some(format!("The host is unavailable that night ({}).", night.long()))
    } else if taken + need > beds {
        Some(format!(
            "No bed free that night ({}): the host keeps {beds}, {taken} taken, and this needs {need}.",
            night.long()
        ))
    } else {
        None
    }
}

/// The first night from `first` to `last` on which the host joined as `h` cannot take `need`
/// more children, as the columns `full_night`, `full_taken` and `full_closed` (NULL when there is
/// none): the nights [`full`] refuses, as the calendar shows them at the read. A night no one has
/// asked for has a bed free: more children than the host keeps beds are refused before.
pub(super) fn first_full_columns(first: &str, last: &str, need: &str) -> String {
    let column = |name: &str| {
        format!(
            "(SELECT n.{name} FROM host_nights n WHERE n.household_id = h.id AND n.night >= {first} \
             AND n.night <= {last} AND (n.closed > 0 OR n.taken + {need} > h.sleepover_beds) \
             ORDER BY n.night LIMIT 1) AS full_{name}"
        )
    };
    ["night", "taken", "closed"].map(column).join(", ")
}

/// Why the host cannot take `need` more children on the first night read with
/// [`first_full_columns`], in words, or `None` when it can on every night.
pub(super) fn first_full(row: &AnyRow, beds: i64, need: i64) -> sqlx::Result<Option<String>> {
    let Some(night) = row.opt_date("full_night")? else { return Ok(None) };
    let (taken, unavailable) = (row.int("full_taken")?, row.int("full_closed")? > 0);
    Ok(Some(
        full(night, beds, taken, unavailable, need)
            .unwrap_or_else(|| format!("No bed free that night ({}).", night.long())),
    ))
}

/// How a write changes a host's nights, in SQL over `$1`, the host, and `$2`, the beds asked
/// for. A night not yet held is inserted with `taken` and `closed`, where `guard` holds; a night
/// already held, named `host_nights` (and the row offered `excluded`), is changed by `set` where
/// `condition` holds.
pub(super) struct NightChange {
    pub(super) taken: &'static str,
    pub(super) closed: &'static str,
    pub(super) guard: String,
    pub(super) set: &'static str,
    pub(super) condition: String,
}

impl NightChange {
    /// Taking `$2` beds on each night while the host, `host` in the statement, has them free; its
    /// beds are read with `locking`, to lock the host on PostgreSQL, so they cannot change until
    /// the write ends (SQLite's write lock already holds everything). A night no one has asked
    /// for yet starts with these children; a night already held takes them only while it is open
    /// and has the beds.
    fn taking(host: &str, locking: &str) -> NightChange {
        let beds =
            |at: &str| format!("(SELECT sleepover_beds FROM households WHERE id = {at}{locking})");
        NightChange {
            taken: "$2",
            closed: "0",
            guard: format!("$2 <= {}", beds(host)),
            set: "taken = host_nights.taken + excluded.taken",
            condition: format!(
                "host_nights.closed = 0 AND host_nights.taken + excluded.taken <= {}",
                beds("$1")
            ),
        }
    }

    /// The statement that makes this change on each of `nights` nights, bound from `$3` on, at
    /// the host `$1`; or, where `after` names a clause of the same statement that returns a row
    /// with the host as `host`, at that host, for each row it returns. It returns each night
    /// changed.
    fn sql(&self, nights: usize, after: Option<&str>) -> String {
        let NightChange { taken, closed, guard, set, condition } = self;
        let marks: Vec<String> = (0..nights).map(|n| format!("(${})", n + 3)).collect();
        let values = format!("(VALUES {}) AS v", marks.join(", "));
        let (host, source) = match after {
            None => ("$1".to_string(), values),
            Some(clause) => ("c.host".to_string(), format!("{clause} AS c CROSS JOIN {values}")),
        };
        format!(
            "INSERT INTO host_nights (household_id, night, taken, closed) \
             SELECT {host}, v.column1, {taken}, {closed} FROM {source} WHERE {guard} \
             ON CONFLICT (household_id, night) DO UPDATE SET {set} WHERE {condition} \
             RETURNING night"
        )
    }
}

/// Each night from `first` for `nights` nights.
fn each_night(first: Date, nights: i64) -> Vec<Date> {
    (0..nights).map(|i| first.add_days(i as i32)).collect()
}

/// The values a change of nights is bound to: the host, the beds asked for, then each night.
fn night_values(host: Id, need: i64, each: &[Date]) -> Vec<Value> {
    let mut values = vec![host.to_string().into(), need.into()];
    values.extend(each.iter().map(|night| night.to_string().into()));
    values
}

/// Changes each night of `host` from `first` for `nights` nights as `change` says, in one
/// statement. Returns the first night left unchanged, if any: the caller then fails, so its
/// write is rolled back and every night changes or none does. The statement holds a value for
/// each night, so each length of stay is a statement of its own, prepared once per connection.
pub(super) async fn change_nights(
    tx: &mut Write,
    host: Id,
    first: Date,
    nights: i64,
    need: i64,
    change: NightChange,
) -> Result<Option<Date>> {
    let each = each_night(first, nights);
    let sql = change.sql(each.len(), None);
    let rows = deferred::query(&sql, night_values(host, need, &each)).fetch_all(&mut **tx).await?;
    first_unchanged(&rows, each)
}

/// The first of `each` night not among the nights of `rows`, if any.
fn first_unchanged(rows: &[AnyRow], each: Vec<Date>) -> Result<Option<Date>> {
    let changed =
        rows.iter().map(|r| r.opt_date("night")).collect::<sqlx::Result<Vec<Option<Date>>>>()?;
    Ok(each.into_iter().find(|night| !changed.contains(&Some(*night))))
}

/// Takes a bed for each child of `s` on every night it covers, or fails with the first night
/// that has none: every night or none of them, as the caller's transaction is rolled back. A
/// step on PostgreSQL takes them with [`taking_after`] instead.
pub(super) async fn take_beds(tx: &mut Write, s: &Sleepover) -> Result<()> {
    let change = NightChange::taking("$1", locking(tx));
    let (host, need) = (s.host_household_id, s.beds());
    match change_nights(tx, host, s.first_night, s.nights, need, change).await? {
        None => Ok(()),
        Some(night) => Err(no_bed(tx, host, night, need).await?),
    }
}

/// On PostgreSQL, the clause that takes a bed for each child of `s` on every night it covers,
/// at the host of the sleepover the clause `after` changes (returned as `host`), once it has
/// changed it: the host's beds are read, and its row locked, for the row `after` returns, so the
/// sleepover's row is locked before the host's, as in every write that changes both. With the
/// nights it returns, read by [`refused_night`].
pub(super) fn taking_after(after: &str, s: &Sleepover) -> (String, Vec<Value>) {
    let each = each_night(s.first_night, s.nights);
    let sql = NightChange::taking("c.host", ROW_LOCK).sql(each.len(), Some(after));
    (sql, night_values(s.host_household_id, s.beds(), &each))
}

/// The first night of `s` not among those `rows` say were taken, by the clause of
/// [`taking_after`], as a refusal in words; or `None` when every night was.
pub(super) async fn refused_night(
    tx: &mut Write,
    rows: &[AnyRow],
    s: &Sleepover,
) -> Result<Option<Error>> {
    match first_unchanged(rows, each_night(s.first_night, s.nights))? {
        None => Ok(None),
        Some(night) => Ok(Some(no_bed(tx, s.host_household_id, night, s.beds()).await?)),
    }
}

/// Why `night` had no bed for `need` more children, as the calendar shows it: the night refused
/// was left as it was.
async fn no_bed(tx: &mut Write, host: Id, night: Date, need: i64) -> Result<Error> {
    let beds = sqlx::query("SELECT sleepover_beds AS beds FROM households WHERE id = $1")
        .bind(host.to_string())
        .fetch_one(&mut **tx)
        .await?
        .int("beds")?;
    let (_, taken, unavailable) =
        held(&mut **tx, host, night, night).await?.first().copied().unwrap_or((night, 0, false));
    let why = full(night, beds, taken, unavailable, need)
        .unwrap_or_else(|| format!("No bed free that night ({}).", night.long()));
    Ok(Error::conflict("first_night", why))
}

/// Refuses fewer beds than a night from today already has taken: those stays must be
/// cancelled or moved first. The caller holds the household's lock.
pub(crate) async fn beds_cover_bookings(tx: &mut Write, host: Id, beds: i64) -> Result<()> {
    let busiest = sqlx::query(
        "SELECT night, taken FROM host_nights WHERE household_id = $1 AND night >= $2 \
         AND taken > $3 ORDER BY taken DESC, night LIMIT 1",
    )
    .bind(host.to_string())
    .bind(Date::today().to_string())
    .bind(beds)
    .fetch_optional(&mut **tx)
    .await?;
    match busiest {
        None => Ok(()),
        Some(row) => Err(Error::field(
            "sleepover_beds",
            format!(
                "{} beds are already taken on {}: keep at least that many, or cancel or move \
                 those sleepovers first.",
                row.int("taken")?,
                row.date("night")?.long()
            ),
        )),
    }
}

/// The statement that gives back the beds the confirmed sleepover `s` held, with its values; on
/// PostgreSQL, where `after` names a clause of the same statement, only once that clause has
/// returned a row.
pub(super) fn freeing(s: &Sleepover, after: Option<&str>) -> (String, Vec<Value>) {
    let only =
        after.map(|clause| format!(" AND EXISTS (SELECT 1 FROM {clause})")).unwrap_or_default();
    let sql = format!(
        "UPDATE host_nights SET taken = taken - $4 WHERE household_id = $1 AND night >= $2 \
         AND night <= $3 AND taken >= $4{only}"
    );
    let values = vec![
        s.host_household_id.to_string().into(),
        s.first_night.to_string().into(),
        s.last_night.to_string().into(),
        s.beds().into(),
    ];
    (sql, values)
}

/// Gives back the beds the confirmed sleepover `s` held.
pub(super) async fn free_beds(tx: &mut Write, s: &Sleepover) -> Result<()> {
    let (sql, values) = freeing(s, None);
    deferred::query(&sql, values).execute(&mut **tx).await?;
    Ok(())
}
