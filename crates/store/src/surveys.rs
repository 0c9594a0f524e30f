//! Carers' quarterly survey: each carer answers at most once a quarter; staff read the counts.

use domain::support::{Quarter, Ratings, SurveyAnswer, SurveyDraft, SurveyResults};
use domain::{Choice, Date, Id, Place, Role, Scope, Sensitivity};
use tracing::instrument;

use crate::audit::{self, Record};
use crate::query::Reach;
use crate::rows::RowExt;
use crate::{Error, Result, Store};

const REACH: Reach =
    Reach::new(Sensitivity::Support, "v.service_id").constellation("v.constellation_id");

impl Store {
    /// Where the caller answers as a carer: their service, constellation and household.
    async fn carer_place(&self, scope: &Scope) -> Result<(Id, Option<Id>, Option<Id>)> {
        for grant in scope.grants() {
            match (grant.role, grant.place) {
                (Role::SatelliteCarer, Place::Household(h)) => {
                    let home = self.household(scope, h).await?;
                    return Ok((home.service_id, home.constellation_id, Some(h)));
                }
                (Role::HubCarer, Place::Constellation(c)) => {
                    let constellation = self.constellation(scope, c).await?;
                    return Ok((constellation.service_id, Some(c), constellation.hub_household_id));
                }
                _ => {}
            }
        }
        Err(Error::Forbidden)
    }

    /// The caller's answer for this quarter; refused if they answered already.
    #[instrument(skip_all)]
    pub async fn answer_survey(&self, scope: &Scope, draft: &SurveyDraft) -> Result<SurveyAnswer> {
        let user = scope.person().ok_or(Error::Forbidden)?;
        let (service, constellation, household) = self.carer_place(scope).await?;
        let today = Date::today();
        let quarter = Quarter::of(today);
        let id = Id::new();
        let mut tx = self.write().await?;
        let inserted = sqlx::query(
            "INSERT INTO surveys (id, service_id, household_id, constellation_id, user_id, quarter, \
             respite, peer_support, comment, answered_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id.to_string())
        .bind(service.to_string())
        .bind(household.map(|h| h.to_string()))
        .bind(constellation.map(|c| c.to_string()))
        .bind(user.to_string())
        .bind(quarter.key())
        .bind(draft.respite.as_str())
        .bind(draft.peer_support.as_str())
        .bind(&draft.comment)
        .bind(today.to_string())
        .execute(&mut *tx)
        .await;
        if let Err(sqlx::Error::Database(e)) = &inserted
            && e.is_unique_violation()
        {
            return Err(Error::conflict(
                "respite",
                format!("You have already answered for {}: thank you.", quarter.label()),
            ));
        }
        inserted?;
        audit::created(&mut tx, scope, Record::Survey, id, service).await?;
        tx.commit().await?;
        self.my_survey(scope, quarter).await?.ok_or(Error::NotFound)
    }

    /// What the caller answered for `quarter`, if they did.
    #[instrument(skip_all)]
    pub async fn my_survey(&self, scope: &Scope, quarter: Quarter) -> Result<Option<SurveyAnswer>> {
        let Some(user) = scope.person() else { return Ok(None) };
        let row = sqlx::query(
            "SELECT quarter, respite, peer_support, comment, answered_on FROM surveys \
             WHERE user_id = $1 AND quarter = $2",
        )
        .bind(user.to_string())
        .bind(quarter.key())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SurveyAnswer {
            quarter: row.text("quarter")?,
            respite: row.choice("respite")?,
            peer_support: row.choice("peer_support")?,
            comment: row.opt_text("comment")?,
            answered_on: row.date("answered_on")?,
        }))
    }

    /// How many carers gave each rating in `quarter`, over what the caller reads (one service
    /// when `service` is given).
    #[instrument(skip_all)]
    pub async fn survey_results(
        &self,
        scope: &Scope,
        quarter: Quarter,
        service: Option<Id>,
    ) -> Result<SurveyResults> {
        let mut query = self.query("surveys v");
        query.scope(scope, REACH).filter(quarter.key(), |p| format!("v.quarter = {p}"));
        if let Some(service) = service {
            query.filter(service, |p| format!("v.service_id = {p}"));
        }
        let sql = format!(
            "SELECT v.respite, v.peer_support, count(*) AS n FROM surveys v{} \
             GROUP BY v.respite, v.peer_support",
            query.where_clause()
        );
        let mut results = SurveyResults {
            quarter: quarter.key(),
            respite: Ratings::default(),
            peer_support: Ratings::default(),
        };
        for row in query.fetch_sql(self, &sql).await? {
            let n = row.int("n")?;
            results.respite.add(row.choice("respite")?, n);
            results.peer_support.add(row.choice("peer_support")?, n);
        }
        Ok(results)
    }
}
