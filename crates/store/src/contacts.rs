//! One-to-one support contacts (DESIGN §5.4): logged by the hub carer or the service's staff,
//! read by them and never by the other satellite carers.

use domain::support::{Contact, ContactDraft, ContactTopic, check_recipient};
use domain::{Id, Month, Page, PageRequest, Power, Scope, Sensitivity, instant};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::{Query, Reach};
use crate::rows::RowExt;
use crate::{Error, Result, Store, now, require};

const REACH: Reach = Reach::new(Sensitivity::Support, "c.service_id").household("c.household_id");

const FROM: &str = "contacts c JOIN households h ON h.id = c.household_id";
const COLUMNS: &str = "c.id, c.service_id, c.household_id, h.display_name AS household_name, \
    c.made_by, c.made_by_user, c.at, c.channel, c.minutes, c.topics, c.note";

/// Which contacts to list; each filter applies when set.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContactFilter {
    pub household: Option<Id>,
    /// The account that logged them.
    pub made_by: Option<Id>,
    /// Made in this month, UK time.
    pub month: Option<Month>,
}

fn read(row: &AnyRow) -> sqlx::Result<Contact> {
    Ok(Contact {
        id: row.id("id")?,
        service_id: row.id("service_id")?,
        household_id: row.id("household_id")?,
        household_name: row.text("household_name")?,
        made_by: row.text("made_by")?,
        made_by_user: row.opt_id("made_by_user")?,
        at: row.instant("at")?,
        channel: row.choice("channel")?,
        minutes: row.int("minutes")?,
        topics: ContactTopic::read_stored(&row.text("topics")?),
        note: row.opt_text("note")?,
    })
}

impl ContactFilter {
    fn query(&self, store: &Store, scope: &Scope) -> Query {
        let mut query = store.query(FROM);
        query.scope(scope, REACH);
        if let Some(household) = self.household {
            query.filter(household, |p| format!("c.household_id = {p}"));
        }
        if let Some(user) = self.made_by {
            query.filter(user, |p| format!("c.made_by_user = {p}"));
        }
        if let Some(month) = self.month {
            let (from, to) = month.instants();
            let from = query.bind(from);
            let to = query.bind(to);
            query.condition(format!("c.at >= {from} AND c.at < {to}"));
        }
        query
    }
}

impl Store {
    /// Contacts, the latest first.
    #[instrument(skip_all)]
    pub async fn contacts(
        &self,
        scope: &Scope,
        filter: &ContactFilter,
        page: &PageRequest,
    ) -> Result<Page<Contact>> {
        let mut query = filter.query(self, scope);
        query.alone("contacts c").search(page, &["h.display_name", "c.made_by", "c.note"]);
        let (rows, total) = query.page(self, COLUMNS, "c.at DESC, c.id", page).await?;
        let items = rows.iter().map(read).collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    /// The people with an account who logged the contacts `filter` finds (its own person filter
    /// aside), by their current name: the choices for filtering by who made them.
    #[instrument(skip_all)]
    pub async fn contact_makers(
        &self,
        scope: &Scope,
        filter: &ContactFilter,
    ) -> Result<Vec<(Id, String)>> {
        let mut query = ContactFilter { made_by: None, ..*filter }.query(self, scope);
        query.condition("c.made_by_user IS NOT NULL".into());
        let users = format!(
            "SELECT u.id, u.name FROM users u WHERE u.id IN (SELECT c.made_by_user FROM {FROM} {}) \
             ORDER BY u.name, u.id",
            query.where_clause()
        );
        let rows = query.fetch_sql(self, &users).await?;
        rows.iter().map(|r| Ok((r.id("id")?, r.text("name")?))).collect()
    }

    #[instrument(skip_all, fields(contact = %id))]
    pub async fn contact(&self, scope: &Scope, id: Id) -> Result<Contact> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH).filter(id, |p| format!("c.id = {p}"));
        let row = query.fetch_optional(self, COLUMNS).await?.ok_or(Error::NotFound)?;
        Ok(read(&row)?)
    }

    /// Logs a contact made by the caller with a household they support.
    #[instrument(skip_all)]
    pub async fn log_contact(&self, scope: &Scope, draft: &ContactDraft) -> Result<Contact> {
        let service = self.supported(scope, draft.household_id).await?;
        let made_by = self.person_name(scope).await?;
        let id = Id::new();
        let at = draft.at.unwrap_or_else(jiff::Timestamp::now);
        let now = now();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO contacts (id, service_id, household_id, made_by, made_by_user, at, channel, \
             minutes, topics, note, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(id.to_string())
        .bind(service.to_string())
        .bind(draft.household_id.to_string())
        .bind(made_by)
        .bind(scope.person().map(|p| p.to_string()))
        .bind(instant(at))
        .bind(domain::Choice::as_str(draft.channel))
        .bind(draft.minutes)
        .bind(draft.topic_words())
        .bind(&draft.note)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        audit::created(&mut tx, scope, Record::Contact, id, service).await?;
        tx.commit().await?;
        self.contact(scope, id).await
    }

    /// Corrects a contact: whoever logged it, or the service's staff. Who made it stays, and so
    /// does its time unless a new one is given; the audit log keeps what it said before.
    #[instrument(skip_all, fields(contact = %id))]
    pub async fn correct_contact(
        &self,
        scope: &Scope,
        id: Id,
        draft: &ContactDraft,
    ) -> Result<Contact> {
        let current = self.contact(scope, id).await?;
        if !current.may_change(scope) {
            return Err(Error::Forbidden);
        }
        if draft.household_id != current.household_id {
            let service = self.supported(scope, draft.household_id).await?;
            if service != current.service_id {
                return Err(Error::field("household_id", "is not a household of this service"));
            }
        }
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Contact, id).await?;
        sqlx::query(
            "UPDATE contacts SET household_id = $2, at = $3, channel = $4, minutes = $5, \
             topics = $6, note = $7, updated_at = $8 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(draft.household_id.to_string())
        .bind(instant(draft.at.unwrap_or(current.at)))
        .bind(domain::Choice::as_str(draft.channel))
        .bind(draft.minutes)
        .bind(draft.topic_words())
        .bind(&draft.note)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::changed(&mut tx, scope, "update", Record::Contact, id, current.service_id, before)
            .await?;
        tx.commit().await?;
        self.contact(scope, id).await
    }

    /// The service of a household the caller may log support for; a household they cannot see
    /// is a problem with the form's field, not a missing page.
    async fn supported(&self, scope: &Scope, household: Id) -> Result<Id> {
        let home = self
            .household(scope, household)
            .await
            .map_err(|e| e.or_field("household_id", "is not a household you can see"))?;
        require(
            scope,
            Power::Support { service: home.service_id, constellation: home.constellation_id },
        )?;
        check_recipient(scope, home.service_id, home.role)?;
        Ok(home.service_id)
    }
}
