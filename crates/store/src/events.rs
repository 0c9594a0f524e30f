//! A constellation's events (DESIGN §5.4): planned, changed and cancelled by whoever runs its
//! support; answered by its households; and who came, recorded once it has started.

use domain::support::{
    Attendance, AttendanceDraft, Event, EventDraft, EventReply, ReplyAnswer, cancel_reason,
    may_reply,
};
use domain::{Choice, Id, Month, Page, PageRequest, Power, Scope, Sensitivity, instant};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::{Query, Reach};
use crate::rows::RowExt;
use crate::{Error, Result, Store, now, require};

const REACH: Reach =
    Reach::new(Sensitivity::People, "e.service_id").constellation("e.constellation_id");

const FROM: &str = "events e JOIN constellations c ON c.id = e.constellation_id";
const COLUMNS: &str = "e.id, e.service_id, e.constellation_id, c.name AS constellation_name, \
    e.kind, e.title, e.starts_at, e.ends_at, e.place, e.note, e.cancelled, e.cancelled_reason";

/// Which events to list; each filter applies when set.
#[derive(Debug, Clone, Copy, Default)]
pub struct EventFilter {
    pub constellation: Option<Id>,
    /// Starting in this month, UK time, the earliest first.
    pub month: Option<Month>,
    /// `Some(true)`: not yet started, the soonest first; `Some(false)`: started, the latest
    /// first.
    pub upcoming: Option<bool>,
    /// Starting at or after this instant, the earliest first.
    pub since: Option<Timestamp>,
}

fn read(row: &AnyRow) -> sqlx::Result<Event> {
    Ok(Event {
        id: row.id("id")?,
        service_id: row.id("service_id")?,
        constellation_id: row.id("constellation_id")?,
        constellation_name: row.text("constellation_name")?,
        kind: row.choice("kind")?,
        title: row.text("title")?,
        starts_at: row.instant("starts_at")?,
        ends_at: row.opt_text("ends_at")?.and_then(|t| t.parse().ok()),
        place: row.opt_text("place")?,
        note: row.opt_text("note")?,
        cancelled: row.int("cancelled")? != 0,
        cancelled_reason: row.opt_text("cancelled_reason")?,
        replies: Vec::new(),
        attendance: Vec::new(),
    })
}

impl EventFilter {
    fn query(&self, store: &Store, scope: &Scope) -> (Query, &'static str) {
        let mut query = store.query(FROM);
        query.scope(scope, REACH);
        if let Some(c) = self.constellation {
            query.filter(c, |p| format!("e.constellation_id = {p}"));
        }
        if let Some(month) = self.month {
            let (from, to) = month.instants();
            let (from, to) = (query.bind(from), query.bind(to));
            query.condition(format!("e.starts_at >= {from} AND e.starts_at < {to}"));
        }
        if let Some(since) = self.since {
            query.filter(instant(since), |p| format!("e.starts_at >= {p}"));
        }
        let order = match self.upcoming {
            Some(true) => {
                query.filter(instant(Timestamp::now()), |p| format!("e.starts_at > {p}"));
                "e.starts_at, e.id"
            }
            Some(false) => {
                query.filter(instant(Timestamp::now()), |p| format!("e.starts_at <= {p}"));
                "e.starts_at DESC, e.id"
            }
            None => "e.starts_at, e.id",
        };
        (query, order)
    }
}

impl Store {
    #[instrument(skip_all)]
    pub async fn events(
        &self,
        scope: &Scope,
        filter: &EventFilter,
        page: &PageRequest,
    ) -> Result<Page<Event>> {
        let (mut query, order) = filter.query(self, scope);
        query.search(page, &["e.title"]);
        let (rows, total) = query.page(self, COLUMNS, order, page).await?;
        let items = rows.iter().map(read).collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    /// One event with its answers and who came.
    #[instrument(skip_all, fields(event = %id))]
    pub async fn event(&self, scope: &Scope, id: Id) -> Result<Event> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH).filter(id, |p| format!("e.id = {p}"));
        let row = query.fetch_optional(self, COLUMNS).await?.ok_or(Error::NotFound)?;
        let mut event = read(&row)?;
        let replies = sqlx::query(
            "SELECT r.household_id, h.display_name, r.answer, r.replied_by, r.replied_at \
             FROM event_replies r JOIN households h ON h.id = r.household_id \
             WHERE r.event_id = $1 ORDER BY h.display_name, r.household_id",
        )
        .bind(id.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        event.replies = replies
            .iter()
            .map(|r| {
                Ok(EventReply {
                    household_id: r.id("household_id")?,
                    household_name: r.text("display_name")?,
                    answer: r.choice("answer")?,
                    replied_by: r.text("replied_by")?,
                    replied_at: r.instant("replied_at")?,
                })
            })
            .collect::<sqlx::Result<_>>()?;
        let came = sqlx::query(
            "SELECT a.household_id, h.display_name, a.adults, a.children, a.sons_daughters \
             FROM attendances a JOIN households h ON h.id = a.household_id \
             WHERE a.event_id = $1 ORDER BY h.display_name, a.household_id",
        )
        .bind(id.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        event.attendance = came
            .iter()
            .map(|r| {
                Ok(Attendance {
                    household_id: r.id("household_id")?,
                    household_name: r.text("display_name")?,
                    adults: r.int("adults")?,
                    children: r.int("children")?,
                    sons_daughters: r.int("sons_daughters")?,
                })
            })
            .collect::<sqlx::Result<_>>()?;
        Ok(event)
    }

    /// Plans an event, or records one already held.
    #[instrument(skip_all)]
    pub async fn create_event(&self, scope: &Scope, draft: &EventDraft) -> Result<Event> {
        let constellation = self
            .constellation(scope, draft.constellation_id)
            .await
            .map_err(|e| e.or_field("constellation_id", "is not a constellation you can see"))?;
        let service = constellation.service_id;
        require(scope, Power::Support { service, constellation: Some(constellation.id) })?;
        let id = Id::new();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO events (id, service_id, constellation_id, kind, title, starts_at, ends_at, \
             place, note, cancelled, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10)",
        )
        .bind(id.to_string())
        .bind(service.to_string())
        .bind(constellation.id.to_string())
        .bind(draft.kind.as_str())
        .bind(&draft.title)
        .bind(instant(draft.starts_at))
        .bind(draft.ends_at.map(instant))
        .bind(&draft.place)
        .bind(&draft.note)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Event, id, service).await?;
        tx.commit().await?;
        self.event(scope, id).await
    }

    /// Changes an event that is not cancelled. It stays in its constellation.
    #[instrument(skip_all, fields(event = %id))]
    pub async fn update_event(&self, scope: &Scope, id: Id, draft: &EventDraft) -> Result<Event> {
        let current = self.runs(scope, id).await?;
        current.check_open()?;
        if draft.constellation_id != current.constellation_id {
            return Err(Error::field(
                "constellation_id",
                "cannot change: cancel this event and add it to the other constellation",
            ));
        }
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Event, id).await?;
        sqlx::query(
            "UPDATE events SET kind = $2, title = $3, starts_at = $4, ends_at = $5, place = $6, \
             note = $7, updated_at = $8 WHERE id = $1 AND cancelled = 0",
        )
        .bind(id.to_string())
        .bind(draft.kind.as_str())
        .bind(&draft.title)
        .bind(instant(draft.starts_at))
        .bind(draft.ends_at.map(instant))
        .bind(&draft.place)
        .bind(&draft.note)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::changed(&mut tx, scope, "update", Record::Event, id, current.service_id, before)
            .await?;
        tx.commit().await?;
        self.event(scope, id).await
    }

    /// Cancels an event nobody is recorded as coming to, with the reason.
    #[instrument(skip_all, fields(event = %id))]
    pub async fn cancel_event(&self, scope: &Scope, id: Id, reason: &str) -> Result<Event> {
        let reason = cancel_reason(reason)?;
        let current = self.runs(scope, id).await?;
        if !current.attendance.is_empty() {
            return Err(Error::field(
                "reason",
                "cannot cancel: who came is recorded, so the event happened",
            ));
        }
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Event, id).await?;
        let done = sqlx::query(
            "UPDATE events SET cancelled = 1, cancelled_reason = $2, updated_at = $3 \
             WHERE id = $1 AND cancelled = 0 \
             AND NOT EXISTS (SELECT 1 FROM attendances a WHERE a.event_id = $1)",
        )
        .bind(id.to_string())
        .bind(&reason)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::conflict(
                "reason",
                "this event was cancelled, or its attendance recorded, a moment ago",
            ));
        }
        audit::changed(&mut tx, scope, "cancel", Record::Event, id, current.service_id, before)
            .await?;
        tx.commit().await?;
        self.event(scope, id).await
    }

    /// Records who came from one household; nobody (all zeros) takes the household off.
    #[instrument(skip_all, fields(event = %id))]
    pub async fn record_attendance(
        &self,
        scope: &Scope,
        id: Id,
        draft: &AttendanceDraft,
    ) -> Result<Event> {
        let event = self.runs(scope, id).await?;
        event.check_attendance_open(Timestamp::now())?;
        self.member_on_the_day(&event, draft.household_id).await?;
        let mut tx = self.write().await?;
        let (event_id, household) = (id.to_string(), draft.household_id.to_string());
        sqlx::query("DELETE FROM attendances WHERE event_id = $1 AND household_id = $2")
            .bind(&event_id)
            .bind(&household)
            .execute(&mut *tx)
            .await?;
        if !draft.nobody() {
            sqlx::query(
                "INSERT INTO attendances (event_id, household_id, adults, children, sons_daughters) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&event_id)
            .bind(&household)
            .bind(draft.adults)
            .bind(draft.children)
            .bind(draft.sons_daughters)
            .execute(&mut *tx)
            .await?;
        }
        let fields = [format!("attendance:{household}")];
        audit::add(
            &mut tx,
            scope,
            "attendance",
            Record::Event,
            id,
            Some(event.service_id),
            &fields,
        );
        tx.commit().await?;
        self.event(scope, id).await
    }

    /// A household's answer: coming, not coming or maybe. A later answer replaces it; the
    /// audit log keeps each.
    #[instrument(skip_all, fields(event = %id))]
    pub async fn reply_to_event(
        &self,
        scope: &Scope,
        id: Id,
        household: Option<Id>,
        answer: ReplyAnswer,
    ) -> Result<Event> {
        let event = self.event(scope, id).await?;
        let household = household.or_else(|| scope.own_household()).ok_or_else(|| {
            Error::field("household_id", "is required: say which household is answering")
        })?;
        if !may_reply(scope, event.service_id, event.constellation_id, household) {
            return Err(Error::Forbidden);
        }
        event.check_replies_open(Timestamp::now())?;
        self.member_on_the_day(&event, household).await?;
        let name = self.person_name(scope).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO event_replies (event_id, household_id, answer, replied_by, replied_by_user, replied_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id, household_id) DO UPDATE SET \
             answer = excluded.answer, replied_by = excluded.replied_by, \
             replied_by_user = excluded.replied_by_user, replied_at = excluded.replied_at",
        )
        .bind(id.to_string())
        .bind(household.to_string())
        .bind(answer.as_str())
        .bind(name)
        .bind(scope.person().map(|p| p.to_string()))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let fields = [format!("reply:{household}:{}", answer.as_str())];
        audit::add(&mut tx, scope, "reply", Record::Event, id, Some(event.service_id), &fields);
        tx.commit().await?;
        self.event(scope, id).await
    }

    /// An event the caller may run: one they can see, in a constellation whose support they run.
    async fn runs(&self, scope: &Scope, id: Id) -> Result<Event> {
        let event = self.event(scope, id).await?;
        let power = Power::Support {
            service: event.service_id,
            constellation: Some(event.constellation_id),
        };
        require(scope, power)?;
        Ok(event)
    }

    /// Refuses a household that was not in the event's constellation on its day.
    async fn member_on_the_day(&self, event: &Event, household: Id) -> Result<()> {
        let day = domain::Date::of(event.starts_at).to_string();
        let found = sqlx::query(
            "SELECT 1 AS one FROM memberships WHERE household_id = $1 AND constellation_id = $2 \
             AND from_on <= $3 AND (to_on IS NULL OR to_on >= $3)",
        )
        .bind(household.to_string())
        .bind(event.constellation_id.to_string())
        .bind(day)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        match found {
            Some(_) => Ok(()),
            None => Err(Error::field(
                "household_id",
                "was not in this event's constellation on the day of the event",
            )),
        }
    }
}
