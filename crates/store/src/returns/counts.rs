//! Counting a service's month from its records, for the return's figures. Each count is one
//! query over the service's own rows, by the indexes each table has by service and day.

use domain::returns::Counts;
use domain::sleepovers::earliest_first_night;
use domain::support::{Rating, Ratings};
use domain::{Choice, Id, LeavingReason, Month, Scope};
use sqlx::any::AnyRow;

use crate::SiblingContactFilter;
use crate::rows::RowExt;
use crate::{Result, Store};

/// The households of the service's constellations on a day (`{day}`).
fn members(day: &str) -> String {
    format!(
        "SELECT household_id FROM memberships WHERE service_id = :service AND from_on <= {day} \
         AND (to_on IS NULL OR to_on >= {day})"
    )
}

impl Store {
    /// Runs `sql` with `:service`, the month's `:first` and `:last` days, the instants it starts
    /// and ends at, `:start` and `:end`, and `:reach`, the first night of the longest stay that
    /// could reach into it. Only the names used are bound.
    async fn month_rows(&self, sql: &str, service: Id, month: Month) -> Result<Vec<AnyRow>> {
        let (start, end) = month.instants();
        let values = [
            (":service", service.to_string()),
            (":first", month.first_day().to_string()),
            // The earliest first night of a stay that reaches into the month.
            (":reach", earliest_first_night(month.first_day()).to_string()),
            (":last", month.last_day().to_string()),
            (":start", start),
            (":end", end),
        ];
        // Each name becomes the next placeholder where it first appears; only those used are
        // bound, as PostgreSQL asks.
        let mut text = sql.to_string();
        let mut bound = Vec::new();
        for (name, value) in values {
            if text.contains(name) {
                bound.push(value);
                text = text.replace(name, &format!("${}", bound.len()));
            }
        }
        let mut query = sqlx::query(&text);
        for value in bound {
            query = query.bind(value);
        }
        Ok(query.fetch_all(&mut *self.read().await?).await?)
    }

    async fn month_count(&self, sql: &str, service: Id, month: Month) -> Result<i64> {
        let rows = self.month_rows(sql, service, month).await?;
        Ok(rows.first().map(|r| r.int("n")).transpose()?.unwrap_or(0))
    }

    /// Rows of `(word, n)`, read as a choice and a count; a word no longer on the list is left
    /// out unless `fallback` names where it goes.
    async fn month_groups<T: Choice>(
        &self,
        sql: &str,
        service: Id,
        month: Month,
        fallback: Option<T>,
    ) -> Result<Vec<(T, i64)>> {
        let rows = self.month_rows(sql, service, month).await?;
        let mut found = Vec::new();
        for row in &rows {
            let word = row.opt_text("word")?.unwrap_or_default();
            if let Some(choice) = T::parse(&word).or(fallback) {
                found.push((choice, row.int("n")?));
            }
        }
        Ok(found)
    }

    /// The month's counts. They are independent reads, so they are made at once, each on a
    /// connection of its own from the pool.
    pub(crate) async fn count_month(&self, service: Id, month: Month) -> Result<Counts> {
        let at_end = members(":last");
        let adults = format!(
            "SELECT count(*) AS n FROM carers WHERE service_id = :service \
             AND approved_from <= :last AND (approved_to IS NULL OR approved_to >= :last) \
             AND household_id IN ({at_end})"
        );
        // Where each child lived on the last day: their placement then, or (for a child with no
        // placements) their household. The two are apart, so each is planned on its own
        // indexes (an `OR` of the two has PostgreSQL read every placement). The placements are
        // found from the homes, which are fewer than the service's children.
        let children = format!(
            "SELECT word, count(*) AS n FROM (\
             SELECT k.arrangement AS word FROM children k WHERE k.id IN (\
               SELECT p.child_id FROM placements p WHERE p.household_id IN ({at_end}) \
               AND p.from_on <= :last AND (p.to_on IS NULL OR p.to_on >= :last)) \
             AND k.service_id = :service \
             UNION ALL \
             SELECT k.arrangement AS word FROM children k WHERE k.service_id = :service \
             AND NOT EXISTS (SELECT 1 FROM placements p WHERE p.child_id = k.id) \
             AND k.household_id IN ({at_end})\
             ) homes GROUP BY word"
        );
        let siblings = SiblingContactFilter {
            from: month.first_day(),
            to: month.last_day(),
            child: None,
            constellation: None,
            service: Some(service),
        };
        let (mut stays, mut outcomes, mut carers) =
            (Counts::default(), Counts::default(), Counts::default());
        let (constellations, roles, adults, children, events, contacts, (), (), (), met) = tokio::try_join!(
            self.month_count(
                "SELECT count(*) AS n FROM constellations WHERE service_id = :service \
                 AND launched_on <= :last AND (closed_on IS NULL OR closed_on >= :last)",
                service,
                month,
            ),
            self.month_rows(
                "SELECT role, count(DISTINCT household_id) AS n FROM memberships \
                 WHERE service_id = :service AND from_on <= :last \
                 AND (to_on IS NULL OR to_on >= :last) GROUP BY role",
                service,
                month,
            ),
            self.month_count(&adults, service, month),
            self.month_groups(&children, service, month, None),
            self.month_groups(
                "SELECT kind AS word, count(*) AS n FROM events WHERE service_id = :service \
                 AND cancelled = 0 AND starts_at >= :start AND starts_at < :end GROUP BY kind",
                service,
                month,
                None,
            ),
            self.month_count(
                "SELECT count(*) AS n FROM contacts WHERE service_id = :service \
                 AND at >= :start AND at < :end",
                service,
                month,
            ),
            self.count_sleepovers(&mut stays, service, month),
            self.count_outcomes(&mut outcomes, service, month),
            self.count_carers(&mut carers, service, month),
            self.sibling_contacts(&Scope::Everything, &siblings),
        )?;
        let mut c = Counts {
            constellations,
            adults,
            children,
            events,
            contacts,
            sibling_contacts: met.len() as i64,
            concerns_opened: outcomes.concerns_opened,
            concerns_closed: outcomes.concerns_closed,
            carers_left: carers.carers_left,
            kept_in_constellations: carers.kept_in_constellations,
            kept_elsewhere: carers.kept_elsewhere,
            respite: carers.respite,
            peer_support: carers.peer_support,
            ..stays
        };
        for row in &roles {
            match row.text("role")?.as_str() {
                "hub" => c.hub_homes = row.int("n")?,
                "satellite" => c.satellite_homes = row.int("n")?,
                _ => {}
            }
        }
        Ok(c)
    }

    async fn count_sleepovers(&self, c: &mut Counts, service: Id, month: Month) -> Result<()> {
        let (stays, answered) = tokio::try_join!(
            self.month_rows(
                "SELECT kind, short_break, first_night, last_night FROM sleepovers \
                 WHERE service_id = :service AND status IN ('confirmed', 'completed') \
                 AND first_night >= :reach AND first_night <= :last AND last_night >= :first",
                service,
                month,
            ),
            self.month_rows(
                "SELECT requested_at, answered_at FROM sleepovers WHERE service_id = :service \
                 AND kind = 'emergency' AND answered_at >= :start AND answered_at < :end \
                 AND status IN ('confirmed', 'declined', 'cancelled', 'completed', 'did_not_happen')",
                service,
                month,
            ),
        )?;
        let (first, last) = (month.first_day(), month.last_day());
        for row in &stays {
            let (from, to) = (row.date("first_night")?, row.date("last_night")?);
            c.sleepover_nights += i64::from(from.max(first).days_until(to.min(last)) + 1);
            if from < first {
                continue;
            }
            match row.text("kind")?.as_str() {
                "emergency" => c.emergency_sleepovers += 1,
                _ => c.planned_sleepovers += 1,
            }
            if row.int("short_break")? != 0 {
                c.short_breaks += 1;
            }
        }
        for row in &answered {
            let (asked, answer) = (row.instant("requested_at")?, row.instant("answered_at")?);
            c.emergency_answer_minutes.push(answer.duration_since(asked).as_secs().max(0) / 60);
        }
        Ok(())
    }

    async fn count_outcomes(&self, c: &mut Counts, service: Id, month: Month) -> Result<()> {
        let (opened, closed) = tokio::try_join!(
            self.month_count(
                "SELECT count(*) AS n FROM concerns WHERE service_id = :service \
                 AND opened_on >= :first AND opened_on <= :last",
                service,
                month,
            ),
            self.month_rows(
                "SELECT kind, outcome, attributed, count(*) AS n FROM concerns \
                 WHERE service_id = :service AND closed_on >= :first AND closed_on <= :last \
                 AND outcome IS NOT NULL GROUP BY kind, outcome, attributed",
                service,
                month,
            ),
        )?;
        c.concerns_opened = opened;
        for row in &closed {
            let attributed = row.opt_int("attributed")?.unwrap_or(0) != 0;
            c.concerns_closed.push((
                row.choice("kind")?,
                row.choice("outcome")?,
                attributed,
                row.int("n")?,
            ));
        }
        Ok(())
    }

    async fn count_carers(&self, c: &mut Counts, service: Id, month: Month) -> Result<()> {
        let at_start = members(":first");
        let kept_sql = format!(
            "SELECT CASE WHEN household_id IN ({at_start}) THEN 1 ELSE 0 END AS member, \
             count(*) AS n, \
             sum(CASE WHEN approved_to IS NULL OR approved_to >= :last THEN 1 ELSE 0 END) \
             AS kept FROM carers WHERE service_id = :service AND approved_from <= :first \
             AND (approved_to IS NULL OR approved_to >= :first) \
             GROUP BY CASE WHEN household_id IN ({at_start}) THEN 1 ELSE 0 END"
        );
        let (left, kept, answers) = tokio::try_join!(
            self.month_groups(
                "SELECT approval_end_reason AS word, count(*) AS n FROM carers \
                 WHERE service_id = :service AND approved_to >= :first AND approved_to <= :last \
                 GROUP BY approval_end_reason",
                service,
                month,
                Some(LeavingReason::Other),
            ),
            self.month_rows(&kept_sql, service, month),
            self.month_rows(
                "SELECT respite, peer_support FROM surveys WHERE service_id = :service \
                 AND answered_on >= :first AND answered_on <= :last",
                service,
                month,
            ),
        )?;
        c.carers_left = left;
        for row in &kept {
            let pair = (row.int("n")?, row.opt_int("kept")?.unwrap_or(0));
            if row.int("member")? == 1 {
                c.kept_in_constellations = pair;
            } else {
                c.kept_elsewhere = pair;
            }
        }
        let (mut respite, mut peer) = (Ratings::default(), Ratings::default());
        for row in &answers {
            if let Some(r) = Rating::parse(&row.text("respite")?) {
                respite.add(r, 1);
            }
            if let Some(r) = Rating::parse(&row.text("peer_support")?) {
                peer.add(r, 1);
            }
        }
        (c.respite, c.peer_support) = (respite, peer);
        Ok(())
    }
}
