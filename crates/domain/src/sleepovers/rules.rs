//! A service's sleepover rules, and what a request that breaks one is told.

use serde::{Deserialize, Serialize};

use super::SleepoverDraft;
use crate::access::first_names;
use crate::check::loose;
use crate::registry::Child;
use crate::{Check, Date, Error, FieldError, SleepoverKind, choice};

choice!(
    /// A rule a request can break, and a liaison worker can override.
    Rule {
        SleepoverNights => "sleepover_nights", "Most nights in one sleepover";
        ShortBreakNights => "short_break_nights", "Most nights in one short break";
        Notice => "notice", "Notice for a planned request";
        YearlyNights => "yearly_nights", "Nights a household may use in a year";
        DelegatedAuthority => "delegated_authority", "Delegated authority for overnight stays";
    }
);

/// A service's rules for sleepovers and short breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SleepoverRules {
    pub sleepover_nights: i64,
    pub short_break_nights: i64,
    /// Days before the first night that a planned request must come.
    pub notice_days: i64,
    /// Nights a household may use from April to March.
    pub yearly_nights: i64,
    /// Whether a satellite may host another satellite's child.
    pub satellites_may_host: bool,
}

impl Default for SleepoverRules {
    fn default() -> Self {
        SleepoverRules {
            sleepover_nights: 3,
            short_break_nights: 7,
            notice_days: 2,
            yearly_nights: 28,
            satellites_may_host: false,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RulesInput {
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub sleepover_nights: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub short_break_nights: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub notice_days: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub yearly_nights: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub satellites_may_host: Option<String>,
}

impl SleepoverRules {
    /// Every value is required; the form starts from the current rules.
    pub fn parse(input: &RulesInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let most = super::request::MOST_NIGHTS;
        let sleepover_nights =
            check.int("sleepover_nights", &input.sleepover_nights, 1, most, None);
        let short_break_nights =
            check.int("short_break_nights", &input.short_break_nights, 1, most, None);
        let notice_days = check.int("notice_days", &input.notice_days, 0, 90, None);
        let yearly_nights = check.int("yearly_nights", &input.yearly_nights, 0, 366, None);
        let satellites_may_host =
            check.opt_bool("satellites_may_host", &input.satellites_may_host).unwrap_or(false);
        check.finish()?;
        Ok(SleepoverRules {
            sleepover_nights,
            short_break_nights,
            notice_days,
            yearly_nights,
            satellites_may_host,
        })
    }

    /// The rules `draft` breaks, asked on `today`, when its household has already used or
    /// booked `used` nights in the allowance year of its first night.
    pub fn broken(&self, draft: &SleepoverDraft, today: Date, used: i64) -> Vec<Broken> {
        let mut broken = Vec::new();
        let n = draft.nights;
        if draft.short_break && n > self.short_break_nights {
            broken.push(Broken::new(
                Rule::ShortBreakNights,
                "nights",
                format!(
                    "A short break may be at most {} nights; this asks for {n}.",
                    self.short_break_nights
                ),
            ));
        } else if !draft.short_break && n > self.sleepover_nights {
            broken.push(Broken::new(
                Rule::SleepoverNights,
                "nights",
                format!(
                    "A sleepover may be at most {} nights; this asks for {n}. For a longer stay, ask for a short break (up to {} nights).",
                    self.sleepover_nights, self.short_break_nights
                ),
            ));
        }
        let ahead = today.days_until(draft.first_night) as i64;
        if draft.kind == SleepoverKind::Planned && ahead < self.notice_days {
            broken.push(Broken::new(
                Rule::Notice,
                "first_night",
                format!(
                    "A planned request must come at least {} days before the first night; {} is {}. If it cannot wait, make it an emergency request.",
                    self.notice_days,
                    draft.first_night,
                    match ahead {
                        0 => "today".to_string(),
                        1 => "1 day away".to_string(),
                        n if n < 0 => "in the past".to_string(),
                        n => format!("{n} days away"),
                    }
                ),
            ));
        }
        if used + n > self.yearly_nights {
            let (from, to) = allowance_year(draft.first_night);
            broken.push(Broken::new(
                Rule::YearlyNights,
                "nights",
                format!(
                    "A household may use {} nights a year ({from} to {to}); this household has used or booked {used}, and this asks for {n} more.",
                    self.yearly_nights
                ),
            ));
        }
        broken
    }
}

/// A rule a request breaks, with the field to put right and a sentence with the numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub rule: Rule,
    pub field: &'static str,
    pub message: String,
}

impl Broken {
    pub fn new(rule: Rule, field: &'static str, message: String) -> Self {
        Broken { rule, field, message }
    }

    /// The refusal, with every broken rule at its field.
    pub fn refusal(broken: &[Broken]) -> Error {
        let mut errors: Vec<FieldError> = Vec::new();
        for b in broken {
            match errors.iter_mut().find(|e| e.field == b.field) {
                Some(e) => {
                    e.message.push(' ');
                    e.message.push_str(&b.message);
                }
                None => errors.push(FieldError::new(b.field, b.message.clone())),
            }
        }
        Error::Invalid(errors)
    }
}

/// The allowance year holding `day`: April to March, as services budget respite.
pub fn allowance_year(day: Date) -> (Date, Date) {
    let april = |year: i16| Date::from_ymd(year, 4, 1).unwrap_or(day);
    let start = if day >= april(day.year()) { april(day.year()) } else { april(day.year() - 1) };
    (start, april(start.year() + 1).add_days(-1))
}

/// Whether a child's delegated authority for overnight stays covers every night from `first`
/// to `last`: granted by the first night and not due for review before the last. The error
/// says what is missing.
pub fn delegated_authority(
    granted_on: Option<Date>,
    review_on: Option<Date>,
    first: Date,
    last: Date,
) -> Result<(), String> {
    match (granted_on, review_on) {
        (Some(granted), Some(review)) if granted <= first && last <= review => Ok(()),
        (Some(_), Some(review)) if review < last => {
            Err(format!("delegated authority is due for review on {review}, before the last night"))
        }
        (Some(granted), Some(_)) => {
            Err(format!("delegated authority starts on {granted}, after the first night"))
        }
        _ => Err("has no delegated authority for overnight stays recorded".to_string()),
    }
}

/// A child's delegated authority for overnight stays: what a confirmation checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildAuthority {
    pub name: String,
    pub granted_on: Option<Date>,
    pub review_on: Option<Date>,
}

impl From<&Child> for ChildAuthority {
    fn from(child: &Child) -> Self {
        ChildAuthority {
            name: child.name.clone(),
            granted_on: child.da_granted_on,
            review_on: child.da_review_on,
        }
    }
}

/// Why each child without delegated authority covering the nights lacks it, by first name.
pub fn authority_gaps(children: &[ChildAuthority], first: Date, last: Date) -> Vec<String> {
    children
        .iter()
        .filter_map(|child| {
            delegated_authority(child.granted_on, child.review_on, first, last)
                .err()
                .map(|why| format!("{}: {why}", first_names(&child.name)))
        })
        .collect()
}

/// Why a sleepover cannot be confirmed for want of delegated authority, from its children's
/// gaps (see [`authority_gaps`]), or `None` when there are none.
pub fn authority_blocker(gaps: &[String]) -> Option<String> {
    (!gaps.is_empty()).then(|| {
        format!(
            "Each child needs delegated authority for overnight stays before this is confirmed. \
             {}. A liaison worker can record an override.",
            gaps.join(". ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn draft(first: &str, nights: i64, kind: SleepoverKind, short_break: bool) -> SleepoverDraft {
        SleepoverDraft {
            from_household_id: Id::new(),
            host_household_id: None,
            child_ids: vec![Id::new()],
            first_night: d(first),
            nights,
            kind,
            short_break,
            reason: crate::SleepoverReason::Respite,
            note: None,
            carer_on_holiday: false,
            override_reason: None,
        }
    }

    #[test]
    fn each_default_rule_names_itself_and_its_numbers() {
        let rules = SleepoverRules::default();
        let today = d("2026-11-23");
        let long = rules.broken(&draft("2026-12-01", 4, SleepoverKind::Planned, false), today, 0);
        assert_eq!(long.len(), 1);
        assert_eq!(long[0].rule, Rule::SleepoverNights);
        assert!(
            long[0].message.contains("at most 3 nights; this asks for 4"),
            "{}",
            long[0].message
        );
        let soon = rules.broken(&draft("2026-11-24", 1, SleepoverKind::Planned, false), today, 0);
        assert_eq!(soon[0].rule, Rule::Notice);
        assert!(
            soon[0].message.contains("at least 2 days") && soon[0].message.contains("1 day away")
        );
        let emergency =
            rules.broken(&draft("2026-11-23", 1, SleepoverKind::Emergency, false), today, 0);
        assert!(emergency.is_empty());
        let used = rules.broken(&draft("2026-12-01", 5, SleepoverKind::Planned, true), today, 25);
        assert_eq!(used[0].rule, Rule::YearlyNights);
        assert!(
            used[0].message.contains("28 nights") && used[0].message.contains("used or booked 25")
        );
        let break_too_long =
            rules.broken(&draft("2026-12-01", 8, SleepoverKind::Planned, true), today, 0);
        assert_eq!(break_too_long[0].rule, Rule::ShortBreakNights);
    }

    #[test]
    fn the_allowance_year_runs_april_to_march() {
        assert_eq!(allowance_year(d("2026-03-31")), (d("2025-04-01"), d("2026-03-31")));
        assert_eq!(allowance_year(d("2026-04-01")), (d("2026-04-01"), d("2027-03-31")));
    }

    #[test]
    fn delegated_authority_must_cover_every_night() {
        let (first, last) = (d("2026-12-01"), d("2026-12-03"));
        assert!(
            delegated_authority(Some(d("2026-01-01")), Some(d("2026-12-03")), first, last).is_ok()
        );
        let due = delegated_authority(Some(d("2026-01-01")), Some(d("2026-12-02")), first, last);
        assert!(due.unwrap_err().contains("due for review on 2026-12-02"));
        assert!(delegated_authority(None, None, first, last).unwrap_err().contains("no delegated"));
    }

    #[test]
    fn the_blocker_names_each_gap_and_the_way_round_it() {
        assert_eq!(authority_blocker(&[]), None);
        let gaps = ["Ada: no delegated authority".to_string(), "Ben: due for review".to_string()];
        let why = authority_blocker(&gaps).expect("gaps block");
        assert!(why.contains("Ada: no delegated authority. Ben: due for review."), "{why}");
        assert!(why.contains("A liaison worker can record an override."), "{why}");
    }
}
