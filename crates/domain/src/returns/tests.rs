use super::*;
use crate::support::Ratings;
use crate::{Arrangement, ConcernKind, ConcernOutcome, Date, EventKind, LeavingReason};

fn month() -> Month {
    Month::parse("2026-10").unwrap()
}

fn counts() -> Counts {
    Counts {
        constellations: 2,
        hub_homes: 2,
        satellite_homes: 15,
        adults: 30,
        children: vec![
            (Arrangement::MainstreamFoster, 12),
            (Arrangement::BirthChild, 5),
            (Arrangement::Kinship, 2),
        ],
        events: vec![(EventKind::Social, 3), (EventKind::Planning, 2)],
        contacts: 40,
        planned_sleepovers: 6,
        emergency_sleepovers: 2,
        sleepover_nights: 11,
        emergency_answer_minutes: vec![30, 10, 50, 20],
        short_breaks: 1,
        sibling_contacts: 1,
        concerns_opened: 4,
        concerns_closed: vec![
            (ConcernKind::PlacementAtRisk, ConcernOutcome::Stabilised, true, 2),
            (ConcernKind::PlacementAtRisk, ConcernOutcome::Stabilised, false, 1),
            (ConcernKind::PlacementAtRisk, ConcernOutcome::Ended, true, 1),
            (ConcernKind::CarerMayResign, ConcernOutcome::Stabilised, true, 1),
        ],
        carers_left: vec![(LeavingReason::Resigned, 1), (LeavingReason::Retired, 2)],
        kept_in_constellations: (30, 29),
        kept_elsewhere: (100, 95),
        respite: Ratings { excellent: 1, good: 2, fair: 0, poor: 0 },
        peer_support: Ratings::default(),
    }
}

fn value(figures: &[Figure], key: &str) -> Option<i64> {
    figures.iter().find(|f| f.key == key).unwrap_or_else(|| panic!("no figure {key}")).value
}

#[test]
fn the_figures_follow_the_rules_of_what_counts() {
    let f = figures(&counts(), Id::new(), month());
    assert_eq!(value(&f, "children_mainstream_foster"), Some(12));
    assert_eq!(value(&f, "sons_and_daughters"), Some(5));
    assert_eq!(value(&f, "children"), Some(19));
    assert_eq!(value(&f, "social_activities"), Some(3));
    assert_eq!(value(&f, "training_sessions"), Some(0));
    assert_eq!(value(&f, "emergency_answer_minutes"), Some(25), "the median of 10, 20, 30, 50");
    // Only a stabilised concern put down to support counts.
    assert_eq!(value(&f, "breakdowns_prevented"), Some(2));
    assert_eq!(value(&f, "resignations_avoided"), Some(1));
    assert_eq!(value(&f, "residential_avoided"), Some(0));
    assert_eq!(value(&f, "carers_left"), Some(3));
    assert_eq!(value(&f, "still_approved_elsewhere"), Some(95));
    assert_eq!(value(&f, "respite_good"), Some(2));
    let keys: std::collections::BTreeSet<&str> = f.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys.len(), f.len(), "each figure has its own key");
    let events = f.iter().find(|f| f.key == "planning_meetings").unwrap();
    assert_eq!(events.records, "/events?month=2026-10");
}

#[test]
fn a_median_of_nothing_is_nothing() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[7]), Some(7));
    assert_eq!(median(&[9, 1, 5]), Some(5));
    let none = Counts { emergency_answer_minutes: vec![], ..counts() };
    assert_eq!(value(&figures(&none, Id::new(), month()), "emergency_answer_minutes"), None);
}

fn version(figures: Vec<Figure>) -> ReturnVersion {
    ReturnVersion {
        version: 1,
        status: ReturnStatus::Submitted,
        figures,
        comment: None,
        submitted_by: "Robin Ashdown".into(),
        submitted_at: jiff::Timestamp::UNIX_EPOCH,
    }
}

#[test]
fn a_submitted_return_shows_what_changed_since_and_is_amended_only_then() {
    let service = Id::new();
    let sent = figures(&counts(), service, month());
    let after_month = Date::parse("2026-11-03").unwrap();
    let draft = MonthlyReturn::new(service, "Northfield".into(), month(), sent.clone(), vec![]);
    assert_eq!(draft.status, ReturnStatus::Draft);
    assert_eq!(draft.next_status(), ReturnStatus::Submitted);
    assert!(
        draft.check_submittable(Date::parse("2026-10-31").unwrap()).is_err(),
        "not before it ends"
    );
    assert!(draft.check_submittable(after_month).is_ok());

    let same = MonthlyReturn::new(
        service,
        "Northfield".into(),
        month(),
        sent.clone(),
        vec![version(sent.clone())],
    );
    assert!(same.changed_since_submission.is_empty());
    assert!(same.check_submittable(after_month).is_err(), "nothing to amend");

    let later = Counts { contacts: 41, ..counts() };
    let now = figures(&later, service, month());
    let changed =
        MonthlyReturn::new(service, "Northfield".into(), month(), now, vec![version(sent)]);
    assert_eq!(changed.status, ReturnStatus::Submitted);
    assert_eq!(changed.next_status(), ReturnStatus::Amended);
    let change = &changed.changed_since_submission;
    assert_eq!(change.len(), 1);
    assert_eq!(
        (change[0].key.as_str(), change[0].before, change[0].after),
        ("contacts", Some(40), Some(41))
    );
    assert!(changed.check_submittable(after_month).is_ok());
}

#[test]
fn an_amendment_says_why() {
    let input = SubmitInput { comment: None };
    assert_eq!(input.parse(false).unwrap(), None);
    assert!(input.parse(true).is_err());
    let long = SubmitInput { comment: Some("x".repeat(caps::NOTE + 1)) };
    assert!(long.parse(false).is_err());
}
