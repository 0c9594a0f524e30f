//! What can happen to a sleepover after it is asked for, and when.

use serde::Deserialize;

use super::{Rule, Sleepover, minutes_between};
use crate::check::loose;
use crate::registry::caps;
use crate::{Check, Choice, Date, Error, Power, Scope, SleepoverStatus, choice};

choice!(
    /// A change to a sleepover after the request.
    Step {
        Confirm => "confirm", "Confirm";
        Decline => "decline", "Decline";
        Cancel => "cancel", "Cancel";
        Complete => "complete", "Mark completed";
        DidNotHappen => "did_not_happen", "Record that it did not happen";
        Override => "override", "Override the rules";
    }
);

/// What a step does to the beds its host keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BedChange {
    Take,
    Free,
    Keep,
}

impl Step {
    /// The status the step leads to; an override leaves the status as it is.
    pub fn status(self) -> SleepoverStatus {
        match self {
            Step::Confirm => SleepoverStatus::Confirmed,
            Step::Decline => SleepoverStatus::Declined,
            Step::Cancel => SleepoverStatus::Cancelled,
            Step::Complete => SleepoverStatus::Completed,
            Step::DidNotHappen => SleepoverStatus::DidNotHappen,
            Step::Override => SleepoverStatus::Requested,
        }
    }

    /// Whether the step needs a reason in words.
    pub fn needs_reason(self) -> bool {
        matches!(self, Step::Decline | Step::DidNotHappen | Step::Override)
    }

    /// Whether the step answers a request: the time it took is what the monthly return counts.
    pub fn answers(self) -> bool {
        matches!(self, Step::Confirm | Step::Decline)
    }

    /// Whether `scope` may take the step on `s`, whose host's power is `host` (see
    /// [`host_power`](super::host_power)): the host answers and closes, the asking side may also
    /// cancel, and only a liaison worker or manager overrides.
    pub fn may(self, scope: &Scope, s: &Sleepover, host: Power) -> bool {
        match self {
            Step::Override => scope.may(Power::Override(s.service_id)),
            Step::Cancel => {
                scope.may(Power::Ask { service: s.service_id, household: s.from_household_id })
                    || scope.may(host)
            }
            _ => scope.may(host),
        }
    }

    /// What the step does to the host's beds, taken from a sleepover of status `from`: a
    /// confirmation takes them, and cancelling a confirmed sleepover or recording that it did not
    /// happen gives them back.
    pub fn beds(self, from: SleepoverStatus) -> BedChange {
        match self {
            Step::Confirm => BedChange::Take,
            Step::Cancel | Step::DidNotHappen if from == SleepoverStatus::Confirmed => {
                BedChange::Free
            }
            _ => BedChange::Keep,
        }
    }

    /// Whether the step may be taken now; the error says why not, in plain words.
    pub fn allowed(
        self,
        status: SleepoverStatus,
        first: Date,
        last: Date,
        today: Date,
    ) -> Result<(), String> {
        use SleepoverStatus::*;
        let (ok, why) = match self {
            Step::Confirm | Step::Decline | Step::Override => {
                (status == Requested, "only a request that is waiting for an answer")
            }
            Step::Cancel => (
                status == Requested || (status == Confirmed && today <= first),
                "only a request, or a confirmed sleepover before its first night",
            ),
            Step::Complete => (
                status == Confirmed && today > last,
                "only a confirmed sleepover after its last night",
            ),
            Step::DidNotHappen => (
                status == Confirmed && today >= first,
                "only a confirmed sleepover, from its first night",
            ),
        };
        if !ok {
            return Err(format!(
                "This sleepover is {}: you can {} {why}.",
                status.label().to_lowercase(),
                self.label().to_lowercase()
            ));
        }
        if self == Step::Confirm && first < today {
            return Err(format!(
                "The first night ({first}) has passed: decline this request and ask again."
            ));
        }
        Ok(())
    }
}

impl Sleepover {
    /// The sleepover once `step` is taken with `reason` at `at` (RFC 3339, UTC): what the store
    /// writes, and what it answers with.
    pub fn stepped(&self, step: Step, reason: Option<String>, at: &str) -> Sleepover {
        let mut after = self.clone();
        if step == Step::Override {
            after.override_reason = reason;
            if !after.overridden.contains(&Rule::DelegatedAuthority) {
                after.overridden.push(Rule::DelegatedAuthority);
            }
            return after;
        }
        after.status = step.status();
        after.outcome_note = reason.or(after.outcome_note);
        if step.answers() {
            after.answered_at = Some(at.to_string());
            after.minutes_to_answer = minutes_between(&after.requested_at, at);
        }
        after
    }
}

/// A reason given with a step: why it was declined, cancelled, did not happen, or overridden.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerInput {
    #[serde(default, deserialize_with = "loose")]
    pub reason: Option<String>,
}

impl AnswerInput {
    /// The reason, required where the step needs one.
    pub fn parse(&self, step: Step) -> Result<Option<String>, Error> {
        let mut check = Check::new();
        let reason = if step.needs_reason() {
            Some(check.text("reason", &self.reason, caps::SHORT))
        } else {
            check.opt_text("reason", &self.reason, caps::SHORT)
        };
        check.finish()?;
        Ok(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn a_sleepover_moves_forward_only_and_each_refusal_says_why() {
        let (first, last) = (d("2026-12-01"), d("2026-12-02"));
        let before = d("2026-11-30");
        assert!(Step::Confirm.allowed(SleepoverStatus::Requested, first, last, before).is_ok());
        let twice = Step::Confirm.allowed(SleepoverStatus::Confirmed, first, last, before);
        assert!(twice.unwrap_err().contains("is confirmed"));
        assert!(Step::Cancel.allowed(SleepoverStatus::Confirmed, first, last, before).is_ok());
        assert!(
            Step::Cancel.allowed(SleepoverStatus::Confirmed, first, last, d("2026-12-02")).is_err()
        );
        assert!(Step::Complete.allowed(SleepoverStatus::Confirmed, first, last, last).is_err());
        assert!(
            Step::Complete
                .allowed(SleepoverStatus::Confirmed, first, last, d("2026-12-03"))
                .is_ok()
        );
        assert!(Step::DidNotHappen.allowed(SleepoverStatus::Confirmed, first, last, first).is_ok());
        let late = Step::Confirm.allowed(SleepoverStatus::Requested, first, last, d("2026-12-02"));
        assert!(late.unwrap_err().contains("has passed"));
    }

    #[test]
    fn a_confirmation_takes_beds_and_only_closing_a_confirmed_sleepover_frees_them() {
        use SleepoverStatus::{Confirmed, Requested};
        assert_eq!(Step::Confirm.beds(Requested), BedChange::Take);
        assert_eq!(Step::Cancel.beds(Confirmed), BedChange::Free);
        assert_eq!(Step::DidNotHappen.beds(Confirmed), BedChange::Free);
        assert_eq!(Step::Cancel.beds(Requested), BedChange::Keep, "a request holds no beds");
        for step in [Step::Decline, Step::Complete, Step::Override] {
            assert_eq!(step.beds(Requested), BedChange::Keep, "{step:?}");
            assert_eq!(step.beds(Confirmed), BedChange::Keep, "{step:?}");
        }
    }

    #[test]
    fn declining_needs_a_reason() {
        assert!(AnswerInput::default().parse(Step::Decline).is_err());
        assert_eq!(AnswerInput::default().parse(Step::Confirm).unwrap(), None);
    }
}
