use domain::access::Redact;
use domain::registry::{EndInput, Membership, MembershipDraft, MembershipEnd, MoveDraft};
use domain::rules;
use domain::{Choice, DateRange, Id, MembershipEnding, MembershipRole, Page, PageRequest, Scope};
use domain::{Power, Sensitivity};
use sqlx::any::AnyRow;
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::Reach;
use crate::rows::{RowExt, view_of};
use crate::spans::{lock, spans};
use crate::write::Write;
use crate::{Error, Result, Store, now, require};

const REACH: Reach = Reach::new(Sensitivity::People, "m.service_id")
    .constellation("m.constellation_id")
    .household("m.household_id");

const FROM: &str = "memberships m JOIN households h ON h.id = m.household_id \
    JOIN constellations c ON c.id = m.constellation_id";
const COLUMNS: &str = "m.id, m.household_id, h.display_name AS household_name, m.constellation_id, \
    c.name AS constellation_name, m.role, m.from_on, m.to_on, m.end_reason";

fn read(row: &AnyRow) -> sqlx::Result<Membership> {
    Ok(Membership {
        id: row.id("id")?,
        household_id: row.id("household_id")?,
        household_name: row.text("household_name")?,
        constellation_id: row.id("constellation_id")?,
        constellation_name: row.text("constellation_name")?,
        role: row.choice("role")?,
        from_on: row.date("from_on")?,
        to_on: row.opt_date("to_on")?,
        end_reason: row.opt_choice("end_reason")?,
    })
}

/// A household's or a constellation's memberships, newest first.
pub(crate) enum Of {
    Household(Id),
    Constellation(Id),
}

impl Store {
    #[instrument(skip_all)]
    pub async fn memberships_of_household(
        &self,
        scope: &Scope,
        household: Id,
    ) -> Result<Vec<Membership>> {
        self.memberships(scope, Of::Household(household)).await
    }

    #[instrument(skip_all)]
    pub async fn memberships_of_constellation(
        &self,
        scope: &Scope,
        constellation: Id,
    ) -> Result<Vec<Membership>> {
        self.memberships(scope, Of::Constellation(constellation)).await
    }

    async fn memberships(&self, scope: &Scope, of: Of) -> Result<Vec<Membership>> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH);
        match of {
            Of::Household(id) => query.filter(id, |p| format!("m.household_id = {p}")),
            Of::Constellation(id) => query.filter(id, |p| format!("m.constellation_id = {p}")),
        };
        let rows = query
            .fetch_all(
                self,
                COLUMNS,
                "ORDER BY (m.to_on IS NULL) DESC, m.from_on DESC, h.display_name",
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Ok(read(r)?.redact(view_of(r, scope)?)))
            .collect::<sqlx::Result<_>>()?)
    }

    /// One page of memberships, optionally only a household's or a constellation's, newest first.
    #[instrument(skip_all)]
    pub async fn memberships_page(
        &self,
        scope: &Scope,
        household: Option<Id>,
        constellation: Option<Id>,
        page: &PageRequest,
    ) -> Result<Page<Membership>> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH);
        if let Some(id) = household {
            query.filter(id, |p| format!("m.household_id = {p}"));
        }
        if let Some(id) = constellation {
            query.filter(id, |p| format!("m.constellation_id = {p}"));
        }
        query.search(page, &["h.display_name", "c.name"]);
        let (rows, total) = query.page(self, COLUMNS, "m.from_on DESC, m.id", page).await?;
        let items = rows
            .iter()
            .map(|r| Ok(read(r)?.redact(view_of(r, scope)?)))
            .collect::<sqlx::Result<_>>()?;
        Ok(Page { items, page: page.page, per_page: page.per_page, total })
    }

    #[instrument(skip_all, fields(membership = %id))]
    pub async fn membership(&self, scope: &Scope, id: Id) -> Result<Membership> {
        let mut query = self.query(FROM);
        query.scope(scope, REACH).filter(id, |p| format!("m.id = {p}"));
        let row = query.fetch_optional(self, COLUMNS).await?.ok_or(Error::NotFound)?;
        Ok(read(&row)?.redact(view_of(&row, scope)?))
    }

    /// Adds a household to a constellation, keeping to the rules: one constellation at a time for
    /// the household, one hub at a time for the constellation.
    #[instrument(skip_all)]
    pub async fn create_membership(
        &self,
        scope: &Scope,
        draft: &MembershipDraft,
    ) -> Result<Membership> {
        let household = self
            .household(scope, draft.household_id)
            .await
            .map_err(|e| e.or_field("household_id", "is not a household you can see"))?;
        self.same_service(scope, household.service_id, draft.constellation_id).await?;
        require(scope, Power::ManageService(household.service_id))?;
        let mut tx = self.write().await?;
        let id = insert(&mut tx, scope, draft, household.service_id).await?;
        tx.commit().await?;
        self.membership(scope, id).await
    }

    /// Corrects a membership that was recorded wrongly: its constellation, role, dates or
    /// ending. The rules are checked again, leaving the membership itself out. A household that
    /// really moved is moved instead, so its history shows both constellations.
    #[instrument(skip_all, fields(membership = %id))]
    pub async fn update_membership(
        &self,
        scope: &Scope,
        id: Id,
        draft: &MembershipDraft,
    ) -> Result<Membership> {
        let current = self.membership(scope, id).await?;
        if draft.household_id != current.household_id {
            return Err(Error::field(
                "household_id",
                "cannot be changed: end this membership and add the other household instead",
            ));
        }
        let household = self.household(scope, current.household_id).await?;
        self.same_service(scope, household.service_id, draft.constellation_id).await?;
        require(scope, Power::ManageService(household.service_id))?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Membership, id).await?;
        fits(&mut tx, draft, Some(id)).await?;
        sqlx::query(
            "UPDATE memberships SET constellation_id = $2, role = $3, from_on = $4, to_on = $5, \
             end_reason = $6 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(draft.constellation_id.to_string())
        .bind(draft.role.as_str())
        .bind(draft.span.from.to_string())
        .bind(draft.span.to.map(|d| d.to_string()))
        .bind(draft.end_reason.map(|r| r.as_str()))
        .execute(&mut *tx)
        .await?;
        audit::changed(
            &mut tx,
            scope,
            "update",
            Record::Membership,
            id,
            household.service_id,
            before,
        )
        .await?;
        tx.commit().await?;
        self.membership(scope, id).await
    }

    /// The constellation is one the caller can see, in the household's service.
    async fn same_service(&self, scope: &Scope, service: Id, constellation: Id) -> Result<()> {
        let constellation = self
            .constellation(scope, constellation)
            .await
            .map_err(|e| e.or_field("constellation_id", "is not a constellation you can see"))?;
        if constellation.service_id != service {
            return Err(Error::field(
                "constellation_id",
                "belongs to another service than the household",
            ));
        }
        Ok(())
    }

    /// Ends a membership on its last day, with a reason.
    #[instrument(skip_all, fields(membership = %id))]
    pub async fn end_membership(
        &self,
        scope: &Scope,
        id: Id,
        input: &EndInput,
    ) -> Result<Membership> {
        let ending = MembershipEnd::parse(input)?;
        let current = self.membership(scope, id).await?;
        let household = self.household(scope, current.household_id).await?;
        require(scope, Power::ManageService(household.service_id))?;
        let span = DateRange { from: current.from_on, to: current.to_on };
        let ended = rules::end_range(&span, ending.on)?;
        let mut tx = self.write().await?;
        let before = audit::snapshot(&mut tx, Record::Membership, id).await?;
        close(&mut tx, id, ended, ending.reason).await?;
        audit::changed(&mut tx, scope, "end", Record::Membership, id, household.service_id, before)
            .await?;
        tx.commit().await?;
        self.membership(scope, id).await
    }

    /// Moves a household to another constellation: the current membership ends the day before
    /// `on` and a new one begins, in one transaction, so the history stays whole.
    #[instrument(skip_all, fields(household = %household_id))]
    pub async fn move_household(
        &self,
        scope: &Scope,
        household_id: Id,
        draft: &MoveDraft,
    ) -> Result<Membership> {
        let household = self.household(scope, household_id).await?;
        self.same_service(scope, household.service_id, draft.constellation_id).await?;
        require(scope, Power::ManageService(household.service_id))?;
        if household.constellation_id == Some(draft.constellation_id) {
            return Err(Error::field(
                "constellation_id",
                "is the constellation the household is in already",
            ));
        }
        let mut tx = self.write().await?;
        lock(&mut tx, "households", household_id).await?;
        let open =
            spans(&mut tx, "memberships", "household_id = $1 AND to_on IS NULL", household_id)
                .await?;
        for span in &open {
            let ended = rules::end_for_move(&span.range, draft.on)?;
            let before = audit::snapshot(&mut tx, Record::Membership, span.id).await?;
            close(&mut tx, span.id, ended, MembershipEnding::MovedConstellation).await?;
            let service = household.service_id;
            audit::changed(&mut tx, scope, "end", Record::Membership, span.id, service, before)
                .await?;
        }
        let joining = MembershipDraft {
            household_id,
            constellation_id: draft.constellation_id,
            role: draft.role,
            span: DateRange { from: draft.on, to: None },
            end_reason: None,
        };
        let id = insert(&mut tx, scope, &joining, household.service_id).await.map_err(rename_on)?;
        tx.commit().await?;
        self.membership(scope, id).await
    }
}

/// In a move, the date field is `on`.
fn rename_on(error: Error) -> Error {
    match error {
        Error::Invalid(domain::Error::Invalid(mut fields)) => {
            for f in &mut fields {
                if f.field == "from_on" {
                    f.field = "on".into();
                }
            }
            Error::Invalid(domain::Error::Invalid(fields))
        }
        other => other,
    }
}

/// Checks the rules inside the write, after locking what they read: the household's
/// memberships never overlap, and the constellation has one hub at a time. `editing` is left out.
async fn fits(tx: &mut Write, draft: &MembershipDraft, editing: Option<Id>) -> Result<()> {
    lock(tx, "households", draft.household_id).await?;
    lock(tx, "constellations", draft.constellation_id).await?;
    let household_spans = spans(tx, "memberships", "household_id = $1", draft.household_id).await?;
    rules::household_membership_fits(&draft.span, &household_spans, editing)?;
    if draft.role == MembershipRole::Hub {
        let hubs = spans(
            tx,
            "memberships",
            "constellation_id = $1 AND role = 'hub'",
            draft.constellation_id,
        )
        .await?;
        rules::hub_fits(&draft.span, &hubs, editing)?;
    }
    Ok(())
}

async fn insert(tx: &mut Write, scope: &Scope, draft: &MembershipDraft, service: Id) -> Result<Id> {
    fits(tx, draft, None).await?;
    let id = Id::new();
    sqlx::query(
        "INSERT INTO memberships (id, service_id, household_id, constellation_id, role, from_on, to_on, \
         end_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(service.to_string())
    .bind(draft.household_id.to_string())
    .bind(draft.constellation_id.to_string())
    .bind(draft.role.as_str())
    .bind(draft.span.from.to_string())
    .bind(draft.span.to.map(|d| d.to_string()))
    .bind(draft.end_reason.map(|r| r.as_str()))
    .bind(now())
    .execute(&mut **tx)
    .await?;
    audit::created(tx, scope, Record::Membership, id, service).await?;
    Ok(id)
}

async fn close(tx: &mut Write, id: Id, ended: DateRange, reason: MembershipEnding) -> Result<()> {
    // Only an open membership is ended, so two people ending it at once cannot both win.
    let done = sqlx::query(
        "UPDATE memberships SET to_on = $2, end_reason = $3 WHERE id = $1 AND to_on IS NULL",
    )
    .bind(id.to_string())
    .bind(ended.to.map(|d| d.to_string()))
    .bind(reason.as_str())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::field("on", "this membership has already ended"));
    }
    Ok(())
}
