//! The monthly return (DESIGN §5.6): a service's figures for a month, computed from the records,
//! reviewed, submitted and then frozen. A later correction to the records is an amendment: each
//! version is kept, and what changed between them is shown.

mod export;
mod figures;
mod rollup;
mod trend;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::check::loose;
use crate::registry::caps;
use crate::{Check, Error, Id, Month, choice};

pub use figures::{Counts, Figure, Section, figures, median};
pub use rollup::{Census, Column, Line, Period, Rollup, Sent, roll_up, written};
pub use trend::{Point, Trend, Whose, every_figure, trend, trend_months};

choice!(
    /// Where a month's return stands.
    ReturnStatus {
        Draft => "draft", "Draft: not submitted";
        Submitted => "submitted", "Submitted";
        Amended => "amended", "Amended";
    }
);

/// One submitted version of a return: the figures as they stood, frozen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnVersion {
    /// 1 for the first submission, then 2, 3… for each amendment.
    pub version: i64,
    pub status: ReturnStatus,
    pub figures: Vec<Figure>,
    pub comment: Option<String>,
    pub submitted_by: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub submitted_at: Timestamp,
}

/// A month with a submitted return, as the list of a service's returns shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnSent {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub month: Month,
    pub status: ReturnStatus,
    pub versions: i64,
    pub submitted_at: String,
}

/// A figure that differs between two versions, or between a version and the records now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub key: String,
    pub label: String,
    pub before: Option<i64>,
    pub after: Option<i64>,
}

/// A service's return for a month: the figures from the records now, and every version sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlyReturn {
    pub service_id: Id,
    pub service_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub month: Month,
    pub status: ReturnStatus,
    /// Computed from the records as they stand now.
    pub figures: Vec<Figure>,
    /// Submitted versions, the latest last.
    pub versions: Vec<ReturnVersion>,
    /// What differs between the latest version and the records now: empty when nothing
    /// changed since it was submitted, or when it was never submitted.
    pub changed_since_submission: Vec<Change>,
}

impl MonthlyReturn {
    /// Puts together the figures now and the versions sent, newest last.
    pub fn new(
        service_id: Id,
        service_name: String,
        month: Month,
        figures: Vec<Figure>,
        versions: Vec<ReturnVersion>,
    ) -> Self {
        let (status, changed) = match versions.last() {
            None => (ReturnStatus::Draft, Vec::new()),
            Some(last) => (last.status, changes(&last.figures, &figures)),
        };
        MonthlyReturn {
            service_id,
            service_name,
            month,
            status,
            figures,
            versions,
            changed_since_submission: changed,
        }
    }

    /// The status the next submission takes: the first is a submission, later ones amend it.
    pub fn next_status(&self) -> ReturnStatus {
        if self.versions.is_empty() { ReturnStatus::Submitted } else { ReturnStatus::Amended }
    }

    /// Whether it may be submitted now: never before the month has ended, and an amendment only
    /// when the records changed since the last version.
    pub fn check_submittable(&self, today: crate::Date) -> Result<(), Error> {
        if today <= self.month.last_day() {
            return Err(Error::field(
                "month",
                format!("cannot be submitted before it ends, on {}", self.month.last_day().long()),
            ));
        }
        if !self.versions.is_empty() && self.changed_since_submission.is_empty() {
            return Err(Error::field(
                "month",
                "is already submitted, and no record behind it has changed since",
            ));
        }
        Ok(())
    }
}

/// The figures that differ from `before` to `after`, in `after`'s order.
pub fn changes(before: &[Figure], after: &[Figure]) -> Vec<Change> {
    let mut found = Vec::new();
    for figure in after {
        let old = before.iter().find(|f| f.key == figure.key).map(|f| f.value);
        if old != Some(figure.value) {
            found.push(Change {
                key: figure.key.clone(),
                label: figure.label.clone(),
                before: old.flatten(),
                after: figure.value,
            });
        }
    }
    for figure in before.iter().filter(|f| !after.iter().any(|a| a.key == f.key)) {
        found.push(Change {
            key: figure.key.clone(),
            label: figure.label.clone(),
            before: figure.value,
            after: None,
        });
    }
    found
}

/// A comment sent with a submission.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitInput {
    /// What the programme should know about the month; for an amendment, why.
    #[serde(default, deserialize_with = "loose")]
    pub comment: Option<String>,
}

impl SubmitInput {
    /// The comment: optional for a first submission, required for an amendment.
    pub fn parse(&self, amending: bool) -> Result<Option<String>, Error> {
        let mut check = Check::new();
        let comment = check.opt_text("comment", &self.comment, caps::NOTE);
        if amending && comment.is_none() && !check.has_error("comment") {
            check.push("comment", "is required for an amendment: say what was corrected");
        }
        check.finish()?;
        Ok(comment)
    }
}

#[cfg(test)]
mod tests;
