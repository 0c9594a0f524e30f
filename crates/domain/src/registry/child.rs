use serde::Deserialize;

use super::caps;
use crate::check::loose;
use crate::{Arrangement, Check, Date, Error, Id, Month};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildInput {
    #[serde(default, deserialize_with = "loose")]
    pub service_id: Option<String>,
    /// The household the child lives in or is linked to, if any.
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
    /// A name or initials.
    #[serde(default, deserialize_with = "loose")]
    pub name: Option<String>,
    /// Month of birth, `YYYY-MM`: month precision is enough for every report.
    #[serde(default, deserialize_with = "loose")]
    pub birth_month: Option<String>,
    /// `mainstream_foster`, `kinship`, `sgo`, `adopted`, `residential_linked`, `birth_child`, `other`.
    #[serde(default, deserialize_with = "loose")]
    pub arrangement: Option<String>,
    /// Sensitive notes about the child's needs.
    #[serde(default, deserialize_with = "loose")]
    pub needs_notes: Option<String>,
    /// Notes the service marks as shareable with hosts (allergies, routines).
    #[serde(default, deserialize_with = "loose")]
    pub shareable_notes: Option<String>,
    /// Who granted delegated authority for overnight stays.
    #[serde(default, deserialize_with = "loose")]
    pub da_granted_by: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub da_granted_on: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub da_scope: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub da_review_on: Option<String>,
}

/// Delegated authority for overnight stays: granted by whom, when, for what, and when to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegatedAuthority {
    pub granted_by: String,
    pub granted_on: Date,
    pub scope: Option<String>,
    pub review_on: Date,
}

impl DelegatedAuthority {
    /// In place on `day`: granted by then and not past its review date.
    pub fn in_place_on(&self, day: Date) -> bool {
        self.granted_on <= day && day <= self.review_on
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildDraft {
    pub service_id: Id,
    pub household_id: Option<Id>,
    pub name: String,
    pub birth_month: Month,
    pub arrangement: Arrangement,
    pub needs_notes: Option<String>,
    pub shareable_notes: Option<String>,
    pub delegated_authority: Option<DelegatedAuthority>,
}

impl ChildDraft {
    pub fn parse(input: &ChildInput, today: Date) -> Result<Self, Error> {
        let mut check = Check::new();
        let service_id = check.id("service_id", &input.service_id);
        let household_id = check.opt_id("household_id", &input.household_id);
        let name = check.text("name", &input.name, caps::NAME);
        let birth_month = read_birth_month(&mut check, &input.birth_month, today);
        let arrangement = check.choice("arrangement", &input.arrangement);
        let needs_notes = check.opt_text("needs_notes", &input.needs_notes, caps::NOTE);
        let shareable_notes = check.opt_text("shareable_notes", &input.shareable_notes, caps::NOTE);
        let delegated_authority = read_delegated_authority(&mut check, input);
        check.finish()?;
        Ok(ChildDraft {
            service_id,
            household_id,
            name,
            birth_month,
            arrangement,
            needs_notes,
            shareable_notes,
            delegated_authority,
        })
    }
}

fn read_birth_month(check: &mut Check, raw: &Option<String>, today: Date) -> Month {
    let fallback = today.month();
    let Some(text) = raw.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        check.push("birth_month", "is required");
        return fallback;
    };
    match Month::parse(text) {
        Ok(month) if month > today.month() => {
            check.push("birth_month", "must not be in the future");
            fallback
        }
        Ok(month) if month.first_day().add_days(366 * 26) < today => {
            check.push("birth_month", "must be within the last 26 years");
            fallback
        }
        Ok(month) => month,
        Err(message) => {
            check.push("birth_month", message);
            fallback
        }
    }
}

/// All four facts or none: a grant without a review date is not a grant.
fn read_delegated_authority(check: &mut Check, input: &ChildInput) -> Option<DelegatedAuthority> {
    let granted_by = check.opt_text("da_granted_by", &input.da_granted_by, caps::NAME);
    let granted_on = check.opt_date("da_granted_on", &input.da_granted_on);
    let scope = check.opt_text("da_scope", &input.da_scope, caps::SHORT);
    let review_on = check.opt_date("da_review_on", &input.da_review_on);
    match (granted_by, granted_on, review_on) {
        (None, None, None) => None,
        (Some(granted_by), Some(granted_on), Some(review_on)) => {
            if review_on < granted_on {
                check.push(
                    "da_review_on",
                    format!("must not be earlier than the date granted ({granted_on})"),
                );
            }
            Some(DelegatedAuthority { granted_by, granted_on, scope, review_on })
        }
        (by, on, review) => {
            for (field, missing) in [
                ("da_granted_by", by.is_none()),
                ("da_granted_on", on.is_none()),
                ("da_review_on", review.is_none()),
            ] {
                if missing && !check.has_error(field) {
                    check.push(field, "is required when recording delegated authority");
                }
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ChildInput {
        ChildInput {
            service_id: Some(Id::new().to_string()),
            name: Some("Ava".into()),
            birth_month: Some("2015-04".into()),
            arrangement: Some("mainstream_foster".into()),
            ..ChildInput::default()
        }
    }

    fn today() -> Date {
        Date::parse("2026-11-22").unwrap()
    }

    #[test]
    fn a_child_needs_a_name_a_birth_month_and_an_arrangement() {
        let draft = ChildDraft::parse(&input(), today()).unwrap();
        assert_eq!(draft.birth_month.to_string(), "2015-04");
        assert_eq!(draft.delegated_authority, None);
        let errors = ChildDraft::parse(&ChildInput::default(), today()).unwrap_err();
        let fields: Vec<_> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["service_id", "name", "birth_month", "arrangement"]);
    }

    #[test]
    fn a_birth_month_in_the_future_is_refused() {
        let errors = ChildDraft::parse(
            &ChildInput { birth_month: Some("2027-01".into()), ..input() },
            today(),
        );
        assert_eq!(errors.unwrap_err().fields()[0].field, "birth_month");
    }

    #[test]
    fn delegated_authority_needs_who_when_and_a_review_date_in_order() {
        let partial = ChildInput { da_granted_by: Some("Social worker".into()), ..input() };
        let errors = ChildDraft::parse(&partial, today()).unwrap_err();
        let fields: Vec<_> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["da_granted_on", "da_review_on"]);

        let backwards = ChildInput {
            da_granted_on: Some("2026-05-01".into()),
            da_review_on: Some("2026-04-01".into()),
            ..partial.clone()
        };
        assert_eq!(
            ChildDraft::parse(&backwards, today()).unwrap_err().fields()[0].field,
            "da_review_on"
        );

        let whole = ChildInput { da_review_on: Some("2027-05-01".into()), ..backwards };
        let authority = ChildDraft::parse(&whole, today()).unwrap().delegated_authority.unwrap();
        assert!(authority.in_place_on(today()));
        assert!(!authority.in_place_on(Date::parse("2027-05-02").unwrap()));
    }
}
