//! Sleepovers as the DfE's SSDA903 return sees them: temporary episodes, never placement moves.

use domain::sleepovers::temporary_episode;
use domain::{Arrangement, Choice, Date, Id, Power, Scope};
use tracing::instrument;

use crate::rows::RowExt;
use crate::{Result, Store, require};

impl Store {
    /// One SSDA903 Episodes row for each looked-after child on each confirmed or completed
    /// sleepover of the service with a night between `from` and `to`, in order of first night.
    #[instrument(skip_all, fields(service = %service))]
    pub async fn ssda903_temporary(
        &self,
        scope: &Scope,
        service: Id,
        from: Date,
        to: Date,
    ) -> Result<Vec<[String; 13]>> {
        self.service(scope, service).await?;
        require(scope, Power::ManageService(service))?;
        let looked_after: Vec<&str> =
            Arrangement::ALL.iter().filter(|a| a.is_looked_after()).map(|a| a.as_str()).collect();
        let marks: Vec<String> = (0..looked_after.len()).map(|i| format!("${}", i + 4)).collect();
        let sql = format!(
            "SELECT sc.child_id, s.first_night, s.last_night, s.carer_on_holiday, \
             f.postcode AS home_post, t.postcode AS host_post \
             FROM sleepovers s JOIN sleepover_children sc ON sc.sleepover_id = s.id \
             JOIN children k ON k.id = sc.child_id \
             JOIN households f ON f.id = s.from_household_id JOIN households t ON t.id = s.host_household_id \
             WHERE s.service_id = $1 AND s.status IN ('confirmed', 'completed') \
             AND s.first_night <= $3 AND s.last_night >= $2 AND k.arrangement IN ({}) \
             ORDER BY s.first_night, sc.child_id",
            marks.join(", ")
        );
        let mut query =
            sqlx::query(&sql).bind(service.to_string()).bind(from.to_string()).bind(to.to_string());
        for word in &looked_after {
            query = query.bind(*word);
        }
        let rows = query.fetch_all(&mut *self.read().await?).await?;
        Ok(rows
            .iter()
            .map(|r| {
                Ok(temporary_episode(
                    r.id("child_id")?,
                    r.date("first_night")?,
                    r.date("last_night")?,
                    r.opt_bool("carer_on_holiday")?.unwrap_or(false),
                    &r.text("home_post")?,
                    &r.text("host_post")?,
                ))
            })
            .collect::<sqlx::Result<_>>()?)
    }
}
