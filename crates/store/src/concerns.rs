//! Concerns (DESIGN §5.4): raised by whoever runs a constellation's support, linked to the
//! support given, closed by the liaison worker with an outcome. A red flag alerts the liaison
//! worker by e-mail in the same write that records the concern.

use domain::access::{View, first_names};
use domain::support::{
    ActionInput, ActionKind, ActionRecord, CloseDraft, CloseInput, Concern, ConcernAction,
    ConcernDraft, RED_FLAG_DAYS, red_flag, red_flag_notice, sleepover_gave_support,
};
use domain::{Check, Choice, Date, Id, Page, PageRequest, Place, Power, Role, Scope, Sensitivity};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::mail::queue;
use crate::query::Reach;
use crate::rows::{RowExt, view_of};
use crate::sleepovers::mail::{About, holders};
use crate::{Error, Result, Store, now, require};

const REACH: Reach = Reach::new(Sensitivity::Support, "k.service_id").household("k.household_id");

const FROM: &str = "concerns k JOIN households h ON h.id = k.household_id \
    LEFT JOIN children ch ON ch.id = k.child_id LEFT JOIN carers cr ON cr.id = k.carer_id";
const COLUMNS: &str = "k.id, k.service_id, k.household_id, h.display_name AS household_name, \
    k.kind, k.child_id, ch.name AS child_name, k.carer_id, cr.name AS carer_name, k.opened_on, \
    k.opened_by, k.note, k.red_flag, k.closed_on, k.outcome, k.attributed, k.closed_by, \
    k.closing_note";

/// Which concerns to list; each filter applies when set.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConcernFilter {
    pub household: Option<Id>,
    /// `Some(true)`: still open; `Some(false)`: closed.
    pub open: Option<bool>,
}

fn read(row: &AnyRow, scope: &Scope) -> sqlx::Result<Concern> {
    // A hub carer reads people by first name, as everywhere else.
    let view = view_of(row, scope)?;
    let name = |n: Option<String>| n.map(|n| if view == View::Whole { n } else { first_names(&n) });
    Ok(Concern {
        id: row.id("id")?,
        service_id: row.id("service_id")?,
        household_id: row.id("household_id")?,
        household_name: row.text("household_name")?,
        kind: row.choice("kind")?,
        child_id: row.opt_id("child_id")?,
        child_name: name(row.opt_text("child_name")?),
        carer_id: row.opt_id("carer_id")?,
        carer_name: name(row.opt_text("carer_name")?),
        opened_on: row.date("opened_on")?,
        opened_by: row.opt_text("opened_by")?.unwrap_or_default(),
        note: row.opt_text("note")?,
        red_flag: row.opt_text("red_flag")?,
        closed_on: row.opt_date("closed_on")?,
        outcome: row.opt_choice("outcome")?,
        attributed: row.opt_bool("attributed")?,
        closed_by: row.opt_text("closed_by")?,
        closing_note: row.opt_text("closing_note")?,
        actions: Vec::new(),
    })
}

impl Store {
    /// Concerns, the latest opened first.
    #[instrument(skip_all)]
    pub async fn concerns(
        &self,
        scope: &Scope,
        filter: &ConcernFilter,
        page: &PageRequest,
    ) -> Result<Page<Concern>> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH);
        if let Some(h) = filter.household {
            query.filter(h, |p| format!("k.household_id = {p}"));
        }
        match filter.open {
            Some(true) => query.condition("k.closed_on IS NULL".into()),
            Some(false) => query.condition("k.closed_on IS NOT NULL".into()),
            None => &mut query,
        };
        query.search(page, &["h.display_name", "ch.name", "cr.name"]);
        let (rows, total) = query.page(self, COLUMNS, "k.opened_on DESC, k.id", page).await?;
        let items = rows.iter().map(|r| read(r, scope)).collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    /// One concern with the support linked to it.
    #[instrument(skip_all, fields(concern = %id))]
    pub async fn concern(&self, scope: &Scope, id: Id) -> Result<Concern> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH).filter(id, |p| format!("k.id = {p}"));
        let row = query.fetch_optional(self, COLUMNS).await?.ok_or(Error::NotFound)?;
        let mut concern = read(&row, scope)?;
        let actions = sqlx::query(
            "SELECT a.kind, a.record_id, a.linked_at, a.linked_by, c.at, c.channel, \
             s.first_night, s.status, e.title, e.starts_at FROM concern_actions a \
             LEFT JOIN contacts c ON a.kind = 'contact' AND c.id = a.record_id \
             LEFT JOIN sleepovers s ON a.kind = 'sleepover' AND s.id = a.record_id \
             LEFT JOIN events e ON a.kind = 'event' AND e.id = a.record_id \
             WHERE a.concern_id = $1 ORDER BY a.linked_at, a.record_id",
        )
        .bind(id.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        concern.actions = actions
            .iter()
            .map(|r| {
                let kind: ActionKind = r.choice("kind")?;
                let record = match kind {
                    ActionKind::Contact if r.opt_text("at")?.is_some() => ActionRecord::Contact {
                        at: r.instant("at")?,
                        channel: r.choice("channel")?,
                    },
                    ActionKind::Sleepover if r.opt_text("status")?.is_some() => {
                        ActionRecord::Sleepover {
                            first_night: r.date("first_night")?,
                            status: r.choice("status")?,
                        }
                    }
                    ActionKind::Event if r.opt_text("title")?.is_some() => ActionRecord::Event {
                        title: r.text("title")?,
                        starts_at: r.instant("starts_at")?,
                    },
                    _ => ActionRecord::Gone,
                };
                Ok(ConcernAction {
                    kind,
                    record_id: r.id("record_id")?,
                    what: record.what(),
                    linked_at: r.instant("linked_at")?,
                    linked_by: r.text("linked_by")?,
                })
            })
            .collect::<sqlx::Result<_>>()?;
        Ok(concern)
    }

    /// Raises a concern. A red flag is recorded on it and e-mailed to the constellation's
    /// liaison workers who chose red flags, in the same write.
    #[instrument(skip_all)]
    pub async fn open_concern(&self, scope: &Scope, draft: &ConcernDraft) -> Result<Concern> {
        let home = self
            .household(scope, draft.household_id)
            .await
            .map_err(|e| e.or_field("household_id", "is not a household you can see"))?;
        let service = home.service_id;
        require(scope, Power::Support { service, constellation: home.constellation_id })?;
        if let Some(child) = draft.child_id {
            let found = self.child(scope, child).await.ok();
            if found.and_then(|c| c.household_id) != Some(home.id) {
                return Err(Error::field("child_id", "is not a child living in this household"));
            }
        }
        if let Some(carer) = draft.carer_id {
            let found = self.carer(scope, carer).await.ok();
            if found.map(|c| c.household_id) != Some(home.id) {
                return Err(Error::field("carer_id", "is not a carer of this household"));
            }
        }
        let flag = self.red_flag_for(draft).await?;
        let to = match (&flag, home.constellation_id) {
            (Some(_), Some(c)) => {
                holders(
                    &mut *self.read().await?,
                    Role::LiaisonWorker,
                    Place::Constellation(c),
                    About::RedFlags,
                )
                .await?
            }
            _ => Vec::new(),
        };
        let made_by = self.person_name(scope).await?;
        let id = Id::new();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO concerns (id, service_id, household_id, child_id, carer_id, kind, opened_on, \
             note, opened_by, opened_by_user, red_flag, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
        )
        .bind(id.to_string())
        .bind(service.to_string())
        .bind(home.id.to_string())
        .bind(draft.child_id.map(|c| c.to_string()))
        .bind(draft.carer_id.map(|c| c.to_string()))
        .bind(draft.kind.as_str())
        .bind(draft.opened_on.to_string())
        .bind(&draft.note)
        .bind(made_by)
        .bind(scope.person().map(|p| p.to_string()))
        .bind(&flag)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Concern, id, service).await?;
        if flag.is_some() {
            let notice = red_flag_notice(draft.kind, draft.opened_on, flag.as_deref());
            queue(&mut tx, &to, &notice, &format!("/concerns/{id}"));
        }
        tx.commit().await?;
        self.concern(scope, id).await
    }

    /// Why a new concern is a red flag, if it is.
    async fn red_flag_for(&self, draft: &ConcernDraft) -> Result<Option<String>> {
        // Within the days either side: a concern entered late still meets the one before it.
        let since = draft.opened_on.add_days(-RED_FLAG_DAYS).to_string();
        let until = draft.opened_on.add_days(RED_FLAG_DAYS).to_string();
        let day = draft.opened_on.to_string();
        let about_child = if draft.child_id.is_some() { " OR child_id = $4" } else { "" };
        let sql = format!(
            "SELECT count(*) AS n FROM concerns WHERE (household_id = $1{about_child}) \
             AND opened_on >= $2 AND opened_on <= $3"
        );
        let mut recent =
            sqlx::query(&sql).bind(draft.household_id.to_string()).bind(&since).bind(&until);
        if let Some(child) = draft.child_id {
            recent = recent.bind(child.to_string());
        }
        let recent = recent.fetch_one(&mut *self.read().await?).await?.int("n")?;
        let emergency = sqlx::query(
            "SELECT count(*) AS n FROM sleepovers WHERE from_household_id = $1 \
             AND kind = 'emergency' AND status IN ('requested', 'confirmed') \
             AND first_night <= $2 AND last_night >= $2",
        )
        .bind(draft.household_id.to_string())
        .bind(&day)
        .fetch_one(&mut *self.read().await?)
        .await?
        .int("n")?;
        Ok(red_flag(recent.max(0) as usize, emergency > 0))
    }

    /// Closes a concern with its outcome: the household's liaison worker only.
    #[instrument(skip_all, fields(concern = %id))]
    pub async fn close_concern(
        &self,
        scope: &Scope,
        id: Id,
        input: &CloseInput,
    ) -> Result<Concern> {
        let current = self.concern(scope, id).await?;
        let home = self.household(scope, current.household_id).await?;
        if !scope.may(Power::CloseConcern(home.constellation_id)) {
            return Err(Error::Forbidden);
        }
        let draft = CloseDraft::parse(input, current.opened_on, Date::today())?;
        let made_by = self.person_name(scope).await?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Concern, id).await?;
        let done = sqlx::query(
            "UPDATE concerns SET closed_on = $2, outcome = $3, attributed = $4, closing_note = $5, \
             closed_by = $6, updated_at = $7 WHERE id = $1 AND closed_on IS NULL",
        )
        .bind(id.to_string())
        .bind(draft.closed_on.to_string())
        .bind(draft.outcome.as_str())
        .bind(i64::from(draft.attributed))
        .bind(&draft.note)
        .bind(made_by)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::conflict("outcome", "this concern is already closed"));
        }
        audit::changed(&mut tx, scope, "close", Record::Concern, id, current.service_id, before)
            .await?;
        tx.commit().await?;
        self.concern(scope, id).await
    }

    /// Links support given to an open concern: a contact with the household, a sleepover it
    /// asked for or hosted, or an event of its constellation.
    #[instrument(skip_all, fields(concern = %id))]
    pub async fn link_action(&self, scope: &Scope, id: Id, input: &ActionInput) -> Result<Concern> {
        let mut check = Check::new();
        let kind: ActionKind = check.choice("kind", &input.kind);
        let record = check.id("record_id", &input.record_id);
        check.finish()?;
        let concern = self.concern(scope, id).await?;
        let home = self.household(scope, concern.household_id).await?;
        let service = concern.service_id;
        require(scope, Power::Support { service, constellation: home.constellation_id })?;
        if !concern.is_open() {
            return Err(Error::field("record_id", "cannot be linked: this concern is closed"));
        }
        let household = concern.household_id;
        let belongs = match kind {
            ActionKind::Contact => {
                self.contact(scope, record).await.ok().is_some_and(|c| c.household_id == household)
            }
            ActionKind::Sleepover => self.sleepover(scope, record).await.ok().is_some_and(|s| {
                (s.from_household_id == household || s.host_household_id == household)
                    && sleepover_gave_support(s.status)
            }),
            ActionKind::Event => self
                .event(scope, record)
                .await
                .ok()
                .is_some_and(|e| Some(e.constellation_id) == home.constellation_id),
        };
        if !belongs {
            return Err(Error::field(
                "record_id",
                format!("is not a {} that supported this household", kind.label().to_lowercase()),
            ));
        }
        let linked_by = self.person_name(scope).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO concern_actions (concern_id, kind, record_id, linked_at, linked_by) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (concern_id, kind, record_id) DO NOTHING",
        )
        .bind(id.to_string())
        .bind(kind.as_str())
        .bind(record.to_string())
        .bind(now())
        .bind(linked_by)
        .execute(&mut *tx)
        .await?;
        let fields = [format!("action:{}:{record}", kind.as_str())];
        audit::add(&mut tx, scope, "link", Record::Concern, id, Some(service), &fields);
        tx.commit().await?;
        self.concern(scope, id).await
    }
}
