//! Who is told of a sleepover request or answer, by the choices they made.

use domain::sleepovers::{Notice, Sleepover};
use domain::{Choice, Place, Role};
use sqlx::Any;

use crate::Result;
use crate::mail::queue;
use crate::rows::RowExt;
use crate::write::Write;

/// Which choice a notice falls under: a column of `notification_choices`.
#[derive(Clone, Copy)]
pub(crate) enum About {
    Requests,
    Answers,
    Emergencies,
    RedFlags,
}

impl About {
    /// Whether the user whose choices are joined as `n` chose notices about this; a user who
    /// never chose is told.
    pub(crate) fn chosen(self) -> String {
        format!("COALESCE(n.{}, 1) = 1", self.column())
    }

    fn column(self) -> &'static str {
        match self {
            About::Requests => "requests",
            About::Answers => "answers",
            About::Emergencies => "emergencies",
            About::RedFlags => "red_flags",
        }
    }
}

/// People with a current grant who chose notices `about` this, each joined as `u` with their
/// grant as `g`: the head of a read of their addresses.
fn holding(about: About) -> String {
    format!(
        "SELECT DISTINCT u.email FROM users u JOIN grants g ON g.user_id = u.id \
         LEFT JOIN notification_choices n ON n.user_id = u.id \
         WHERE g.revoked_at IS NULL AND {}",
        about.chosen()
    )
}

/// The addresses of people holding a current grant of `role` over `place` who chose notices
/// `about` this.
pub(crate) async fn holders(
    executor: impl sqlx::Executor<'_, Database = Any>,
    role: Role,
    place: Place,
    about: About,
) -> Result<Vec<String>> {
    let (column, id) = match place {
        Place::Constellation(c) => ("constellation_id", c),
        Place::Household(h) => ("household_id", h),
        Place::Service(s) => ("service_id", s),
        Place::Programme => return Ok(Vec::new()),
    };
    let sql = format!("{} AND g.role = $1 AND g.{column} = $2 ORDER BY u.email", holding(about));
    let rows =
        sqlx::query(&sql).bind(role.as_str()).bind(id.to_string()).fetch_all(executor).await?;
    Ok(rows.iter().map(|r| r.text("email")).collect::<sqlx::Result<_>>()?)
}

/// Who is told of a new request, as a subquery of their addresses (`email`): the host's
/// carers, the hub carers of the constellation bound as `constellation` where the condition
/// `hub` holds and else the satellite carers of the household bound as `host`; and, where
/// `emergency` is bound to 1, the constellation's liaison workers too, at once.
pub(super) fn told_of_request(
    about: About,
    hub: &str,
    host: &str,
    constellation: &str,
    emergency: &str,
) -> String {
    format!(
        "{} AND ((g.role = '{}' AND g.constellation_id = {constellation} AND ({hub})) \
         OR (g.role = '{}' AND g.household_id = {host} AND NOT ({hub})) \
         OR ({emergency} = 1 AND g.role = '{}' AND g.constellation_id = {constellation}))",
        holding(about),
        Role::HubCarer.as_str(),
        Role::SatelliteCarer.as_str(),
        Role::LiaisonWorker.as_str()
    )
}

/// Queues `notice` about `s` to `to`, inside the write that records what it tells of.
pub(crate) fn tell(tx: &mut Write, to: &[String], notice: &Notice, s: &Sleepover) {
    queue(tx, to, notice, &format!("/sleepovers/{}", s.id));
}
