use serde::Deserialize;

use crate::check::loose;
use crate::{Check, DateRange, Error, Id, ssda903};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacementInput {
    #[serde(default, deserialize_with = "loose")]
    pub child_id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub from_on: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub to_on: Option<String>,
    /// SSDA903 `PLACE` code, for example `U4`.
    #[serde(default, deserialize_with = "loose")]
    pub place_code: Option<String>,
    /// SSDA903 `REASON_PLACE_CHANGE` code; required with `to_on`.
    #[serde(default, deserialize_with = "loose")]
    pub reason_code: Option<String>,
    /// Whether the ending was planned; required with `to_on`.
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub planned_ending: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementDraft {
    pub child_id: Id,
    pub household_id: Id,
    pub span: DateRange,
    pub place_code: &'static str,
    pub reason_code: Option<&'static str>,
    pub planned_ending: Option<bool>,
}

impl PlacementDraft {
    pub fn parse(input: &PlacementInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let child_id = check.id("child_id", &input.child_id);
        let household_id = check.id("household_id", &input.household_id);
        let span = check.range("from_on", &input.from_on, "to_on", &input.to_on);
        let place_code = check.code("place_code", ssda903::PLACE, &input.place_code);
        if place_code.starts_with('T') {
            check.push(
                "place_code",
                "must not be a temporary code (T0 to T4): a sleepover is recorded as a sleepover, never as a placement",
            );
        }
        let reason_code =
            check.opt_code("reason_code", ssda903::REASON_PLACE_CHANGE, &input.reason_code);
        let planned_ending = check.opt_bool("planned_ending", &input.planned_ending);
        if span.to.is_some() {
            if reason_code.is_none() && !check.has_error("reason_code") {
                check.push("reason_code", "is required when the placement has ended");
            }
            if planned_ending.is_none() && !check.has_error("planned_ending") {
                check.push(
                    "planned_ending",
                    "is required when the placement has ended: say whether the ending was planned",
                );
            }
        } else if reason_code.is_some() && !check.has_error("to_on") {
            check.push("to_on", "is required when a reason for ending is given");
        }
        check.finish()?;
        Ok(PlacementDraft { child_id, household_id, span, place_code, reason_code, planned_ending })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PlacementInput {
        PlacementInput {
            child_id: Some(Id::new().to_string()),
            household_id: Some(Id::new().to_string()),
            from_on: Some("2025-01-10".into()),
            place_code: Some("U4".into()),
            ..PlacementInput::default()
        }
    }

    #[test]
    fn an_open_placement_needs_only_its_start_and_type() {
        let draft = PlacementDraft::parse(&input()).unwrap();
        assert_eq!(draft.place_code, "U4");
        assert!(draft.span.is_open());
    }

    #[test]
    fn an_ended_placement_needs_a_reason_code_and_whether_it_was_planned() {
        let ended = PlacementInput { to_on: Some("2025-06-01".into()), ..input() };
        let fields: Vec<_> = PlacementDraft::parse(&ended)
            .unwrap_err()
            .fields()
            .iter()
            .map(|e| e.field.clone())
            .collect();
        assert_eq!(fields, ["reason_code", "planned_ending"]);
        let complete = PlacementInput {
            reason_code: Some("carpl".into()),
            planned_ending: Some("no".into()),
            ..ended
        };
        assert_eq!(PlacementDraft::parse(&complete).unwrap().reason_code, Some("CARPL"));
    }

    #[test]
    fn a_placement_is_never_a_temporary_move() {
        let temporary = PlacementInput { place_code: Some("T4".into()), ..input() };
        let errors = PlacementDraft::parse(&temporary).unwrap_err();
        let message = &errors.fields()[0].message;
        assert!(message.contains("never as a placement"), "{message}");
    }
}
