//! Who is told of a sleepover request or answer, by the choices they made.

use domain::sleepovers::{Notice, Sleepover};
use domain::{Choice, Id, Place, Role, SleepoverKind};
use sqlx::Any;

use crate::mail::queue;
use crate::rows::RowExt;
use crate::write::Write;
use crate::{Result, Store};

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
    let sql = format!(
        "SELECT DISTINCT u.email FROM users u JOIN grants g ON g.user_id = u.id \
         LEFT JOIN notification_choices n ON n.user_id = u.id \
         WHERE g.revoked_at IS NULL AND g.role = $1 AND g.{column} = $2 \
         AND {} ORDER BY u.email",
        about.chosen()
    );
    let rows =
        sqlx::query(&sql).bind(role.as_str()).bind(id.to_string()).fetch_all(executor).await?;
    Ok(rows.iter().map(|r| r.text("email")).collect::<sqlx::Result<_>>()?)
}

/// Who is told of a new request: the host, and for an emergency the constellation's liaison
/// workers too, at once. Read before the write, so the write stays short.
pub(crate) async fn host_recipients(
    store: &Store,
    s: &Sleepover,
    hub_of: Option<Id>,
    constellation: Id,
) -> Result<Vec<String>> {
    let emergency = s.kind == SleepoverKind::Emergency;
    let about = if emergency { About::Emergencies } else { About::Requests };
    let mut to = match hub_of {
        Some(c) => {
            holders(&mut *store.read().await?, Role::HubCarer, Place::Constellation(c), about)
                .await?
        }
        None => {
            holders(
                &mut *store.read().await?,
                Role::SatelliteCarer,
                Place::Household(s.host_household_id),
                about,
            )
            .await?
        }
    };
    if emergency {
        to.extend(
            holders(
                &mut *store.read().await?,
                Role::LiaisonWorker,
                Place::Constellation(constellation),
                about,
            )
            .await?,
        );
    }
    to.sort();
    to.dedup();
    Ok(to)
}

/// Queues `notice` about `s` to `to`, inside the write that records what it tells of.
pub(crate) fn tell(tx: &mut Write, to: &[String], notice: &Notice, s: &Sleepover) {
    queue(tx, to, notice, &format!("/sleepovers/{}", s.id));
}
