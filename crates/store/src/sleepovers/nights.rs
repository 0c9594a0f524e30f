//! A host's nights: beds taken and freed inside a write, nights marked unavailable, and the
//! month calendar.

use domain::registry::Household;
use domain::sleepovers::{HostCalendar, Unavailable, UnavailableDraft, host_power, month_nights};
use domain::{Date, Id, Month, Scope};
use sqlx::Any;
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::rows::RowExt;
use crate::spans::{lock, locking};
use crate::write::Write;
use crate::{Error, Result, Store, now, require};

/// The nights the store holds for a host between two days: (night, taken, unavailable).
async fn held(
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
struct NightChange<'a> {
    taken: &'a str,
    closed: &'a str,
    guard: &'a str,
    set: &'a str,
    condition: &'a str,
}

/// Changes each night of `host` from `first` for `nights` nights as `change` says, in one
/// statement. Returns the first night left unchanged, if any: the caller then fails, so its
/// write is rolled back and every night changes or none does. The statement holds a value for
/// each night, so each length of stay is a statement of its own, prepared once per connection.
async fn change_nights(
    tx: &mut Write,
    host: Id,
    first: Date,
    nights: i64,
    need: i64,
    change: NightChange<'_>,
) -> Result<Option<Date>> {
    let NightChange { taken, closed, guard, set, condition } = change;
    let each: Vec<Date> = (0..nights).map(|i| first.add_days(i as i32)).collect();
    let marks: Vec<String> = (0..each.len()).map(|n| format!("(${})", n + 3)).collect();
    let sql = format!(
        "INSERT INTO host_nights (household_id, night, taken, closed) \
         SELECT $1, v.column1, {taken}, {closed} FROM (VALUES {}) AS v WHERE {guard} \
         ON CONFLICT (household_id, night) DO UPDATE SET {set} WHERE {condition} \
         RETURNING night",
        marks.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(host.to_string()).bind(need);
    for night in &each {
        query = query.bind(night.to_string());
    }
    let changed = query
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.date("night"))
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(each.into_iter().find(|night| !changed.contains(night)))
}

/// Takes `need` beds on every night from `first`, or fails with the first night that has
/// none: every night or none of them, as the caller's transaction is rolled back.
pub(crate) async fn take_beds(
    tx: &mut Write,
    host: Id,
    first: Date,
    nights: i64,
    need: i64,
) -> Result<()> {
    // The read of the beds locks the host on PostgreSQL, so they cannot change until this
    // write ends (SQLite's write lock already holds everything); each night then compares with
    // the beds it keeps. A night no one has asked for yet starts with these children; a night
    // already held takes them only while it is open and has the beds.
    let beds = format!("(SELECT sleepover_beds FROM households WHERE id = $1{})", locking(tx));
    let change = NightChange {
        taken: "$2",
        closed: "0",
        guard: &format!("$2 <= {beds}"),
        set: "taken = host_nights.taken + excluded.taken",
        condition: &format!(
            "host_nights.closed = 0 AND host_nights.taken + excluded.taken <= {beds}"
        ),
    };
    let refused = change_nights(tx, host, first, nights, need, change).await?;
    let Some(night) = refused else { return Ok(()) };
    // The night refused was left as it was, so it reads as the calendar shows it.
    let beds = sqlx::query("SELECT sleepover_beds AS beds FROM households WHERE id = $1")
        .bind(host.to_string())
        .fetch_one(&mut **tx)
        .await?
        .int("beds")?;
    let (_, taken, unavailable) =
        held(&mut **tx, host, night, night).await?.first().copied().unwrap_or((night, 0, false));
    let why = full(night, beds, taken, unavailable, need)
        .unwrap_or_else(|| format!("No bed free that night ({}).", night.long()));
    Err(Error::conflict("first_night", why))
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

/// Gives back the beds a confirmed sleepover held.
pub(crate) async fn free_beds(
    tx: &mut Write,
    host: Id,
    first: Date,
    nights: i64,
    need: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE host_nights SET taken = taken - $4 WHERE household_id = $1 AND night >= $2 \
         AND night <= $3 AND taken >= $4",
    )
    .bind(host.to_string())
    .bind(first.to_string())
    .bind(first.add_days(nights as i32 - 1).to_string())
    .bind(need)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// A host's month: free beds each night, the nights it is away, and the sleepovers the
    /// caller may see there.
    #[instrument(skip_all, fields(household = %household))]
    pub async fn host_calendar(
        &self,
        scope: &Scope,
        household: Id,
        month: Month,
    ) -> Result<HostCalendar> {
        let host = self.household(scope, household).await?;
        let (first, last) = (month.first_day(), month.last_day());
        let nights = month_nights(
            month,
            host.sleepover_beds,
            &held(&mut *self.read().await?, household, first, last).await?,
        );
        let may_host = scope.may(host_power(&host));
        let rows = sqlx::query(
            "SELECT id, household_id, from_on, to_on, reason FROM hub_unavailable_nights \
             WHERE household_id = $1 AND withdrawn_at IS NULL AND from_on <= $3 AND to_on >= $2 \
             ORDER BY from_on",
        )
        .bind(household.to_string())
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        let unavailable = rows
            .iter()
            .map(|r| {
                Ok(Unavailable {
                    id: r.id("id")?,
                    household_id: r.id("household_id")?,
                    from_on: r.date("from_on")?,
                    to_on: r.date("to_on")?,
                    reason: if may_host { Some(r.text("reason")?) } else { None },
                })
            })
            .collect::<sqlx::Result<_>>()?;
        let sleepovers = self.hosted(scope, household, first, last).await?;
        Ok(HostCalendar {
            household_id: household,
            household_name: host.display_name,
            month: month.to_string(),
            beds: host.sleepover_beds,
            nights,
            unavailable,
            sleepovers,
            may_host,
        })
    }

    /// Marks nights unavailable at a host. A night with a bed already taken is refused: the
    /// sleepover must be cancelled or moved first.
    #[instrument(skip_all, fields(household = %household))]
    pub async fn mark_unavailable(
        &self,
        scope: &Scope,
        household: Id,
        draft: &UnavailableDraft,
    ) -> Result<Unavailable> {
        let host = self.household(scope, household).await?;
        require(scope, host_power(&host))?;
        let nights = i64::from(draft.from_on.days_until(draft.to_on)) + 1;
        let mut tx = self.write().await?;
        lock(&mut tx, "households", household).await?;
        // A night with no row yet is made closed, with no bed asked for; one already held is
        // closed only while no bed is taken.
        let change = NightChange {
            taken: "$2",
            closed: "1",
            guard: "1 = 1",
            set: "closed = host_nights.closed + 1",
            condition: "host_nights.taken = 0",
        };
        let refused = change_nights(&mut tx, household, draft.from_on, nights, 0, change).await?;
        if let Some(night) = refused {
            return Err(Error::conflict(
                "from_on",
                format!(
                    "A confirmed sleepover has a bed on {}: cancel it, or mark other nights.",
                    night.long()
                ),
            ));
        }
        let id = Id::new();
        sqlx::query(
            "INSERT INTO hub_unavailable_nights (id, service_id, household_id, from_on, to_on, reason, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(id.to_string())
        .bind(host.service_id.to_string())
        .bind(household.to_string())
        .bind(draft.from_on.to_string())
        .bind(draft.to_on.to_string())
        .bind(&draft.reason)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Unavailable, id, host.service_id).await?;
        tx.commit().await?;
        Ok(Unavailable {
            id,
            household_id: household,
            from_on: draft.from_on,
            to_on: draft.to_on,
            reason: Some(draft.reason.clone()),
        })
    }

    /// Nights marked unavailable at a host the caller can see; the reason for its hosts only.
    #[instrument(skip_all, fields(unavailable = %id))]
    pub async fn unavailable(&self, scope: &Scope, id: Id) -> Result<(Unavailable, Household)> {
        let row = sqlx::query(
            "SELECT household_id, from_on, to_on, reason FROM hub_unavailable_nights WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *self.read().await?)
        .await?
        .ok_or(Error::NotFound)?;
        let host = self.household(scope, row.id("household_id")?).await?;
        let may_host = scope.may(host_power(&host));
        let unavailable = Unavailable {
            id,
            household_id: host.id,
            from_on: row.date("from_on")?,
            to_on: row.date("to_on")?,
            reason: if may_host { Some(row.text("reason")?) } else { None },
        };
        Ok((unavailable, host))
    }

    /// Opens nights marked unavailable again; the record is kept, marked withdrawn.
    #[instrument(skip_all, fields(unavailable = %id))]
    pub async fn withdraw_unavailable(&self, scope: &Scope, id: Id) -> Result<()> {
        let (unavailable, host) = self.unavailable(scope, id).await?;
        require(scope, host_power(&host))?;
        let (from, to) = (unavailable.from_on, unavailable.to_on);
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Unavailable, id).await?;
        let done = sqlx::query(
            "UPDATE hub_unavailable_nights SET withdrawn_at = $2, updated_at = $2 \
             WHERE id = $1 AND withdrawn_at IS NULL",
        )
        .bind(id.to_string())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::conflict("", "These nights are already open again."));
        }
        sqlx::query(
            "UPDATE host_nights SET closed = closed - 1 WHERE household_id = $1 AND night >= $2 \
             AND night <= $3 AND closed > 0",
        )
        .bind(host.id.to_string())
        .bind(from.to_string())
        .bind(to.to_string())
        .execute(&mut *tx)
        .await?;
        audit::changed(
            &mut tx,
            scope,
            "withdraw",
            Record::Unavailable,
            id,
            host.service_id,
            before,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
