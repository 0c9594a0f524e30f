use jiff::Timestamp;

use super::*;
use crate::returns::{Counts, figures};
use crate::{ConcernKind, ConcernOutcome, Date, Month};

/// A service's return for `month` with `constellations`, and breakdowns, resignations and
/// residential placements prevented.
fn sent(service: Id, name: &str, month: &str, constellations: i64, prevented: [i64; 3]) -> Sent {
    let month = Month::parse(month).unwrap();
    let kinds =
        [ConcernKind::PlacementAtRisk, ConcernKind::CarerMayResign, ConcernKind::ResidentialRisk];
    let counts = Counts {
        constellations,
        concerns_closed: kinds
            .iter()
            .zip(prevented)
            .map(|(k, n)| (*k, ConcernOutcome::Stabilised, true, n))
            .chain([(ConcernKind::PlacementAtRisk, ConcernOutcome::Ended, false, 9)])
            .collect(),
        ..Counts::default()
    };
    Sent {
        service_id: service,
        service_name: name.into(),
        region: "North West".into(),
        month,
        figures: figures(&counts, service, month),
    }
}

fn programme(hub: i64, liaison: i64, licence: i64) -> ProgrammeCost {
    ProgrammeCost {
        year: "2025-26".into(),
        hub_fees: hub,
        liaison,
        licence,
        note: None,
        set_by: "Programme lead".into(),
        set_at: Timestamp::UNIX_EPOCH,
    }
}

fn fields(e: crate::Error) -> Vec<String> {
    e.fields().iter().map(|f| f.field.clone()).collect()
}

fn step<'a>(o: &'a Outcome, key: &str) -> &'a Step {
    o.steps.iter().find(|s| s.key == key).unwrap()
}

#[test]
fn costs_avoided_are_each_count_times_its_unit_cost_against_what_the_constellations_cost() {
    let (a, b) = (Id::new(), Id::new());
    let mut returns = Vec::new();
    for month in ["2025-04", "2025-05", "2025-06"] {
        returns.push(sent(a, "Northfield", month, 4, [2, 1, 0]));
        returns.push(sent(b, "Southmoor", month, 2, [3, 1, 1]));
    }
    // A month outside the year is not counted.
    returns.push(sent(a, "Northfield", "2025-03", 4, [50, 50, 50]));
    let r = impact(
        &returns,
        2025,
        in_force(&[]),
        Some(programme(6_000_000, 3_000_000, 600_000)),
        &|_| true,
    );
    assert_eq!(r.year, "2025-26");
    let n = &r.national;
    assert_eq!(n.returns, 6);
    assert_eq!(step(n, "breakdowns_prevented").count, Some(15));
    assert_eq!(step(n, "breakdowns_prevented").avoided, Some(15 * 104_000));
    assert_eq!(step(n, "breakdowns_prevented").working, "15 × £1,040 = £15,600");
    assert_eq!(step(n, "resignations_avoided").avoided, Some(6 * 1_640_000));
    // Three placements, twelve weeks each, at the difference between the two weekly costs.
    assert_eq!(step(n, "residential_avoided").avoided, Some(3 * 12 * (300_000 - 64_600)));
    assert_eq!(step(n, "residential_avoided").working, "3 × 12 weeks × (£3,000 − £646) = £84,744");
    assert!(step(n, "residential_avoided").sources[0].contains("assumption"));
    let avoided = 15 * 104_000 + 6 * 1_640_000 + 3 * 12 * (300_000 - 64_600);
    assert_eq!(n.avoided, Some(avoided));
    // Six constellations for three months: 18 constellation-months, a quarter of £96,000 each.
    assert_eq!(n.constellation_months, Some(18));
    assert_eq!(n.spent, Some(18 * 9_600_000 / 12));
    assert!(
        n.spent_working.starts_with("18 constellation-months ÷ 12 × £96,000"),
        "{}",
        n.spent_working
    );
    let ratio = avoided as f64 / (18.0 * 9_600_000.0 / 12.0);
    assert_eq!(n.per_pound, Some((ratio * 100.0).round() / 100.0));
    assert_eq!(r.services.len(), 2);
    assert_eq!(step(&r.services[1], "breakdowns_prevented").count, Some(9));
    assert_eq!(r.services[1].constellation_months, Some(6));
}

#[test]
fn counts_of_one_to_four_outside_the_callers_service_are_withheld_with_what_would_show_them() {
    let (a, b) = (Id::new(), Id::new());
    let returns = vec![
        sent(a, "Northfield", "2025-05", 6, [3, 0, 0]),
        sent(b, "Southmoor", "2025-05", 2, [4, 7, 0]),
    ];
    let r = impact(&returns, 2025, in_force(&[]), Some(programme(100_000, 0, 0)), &|s| s == a);
    let own = r.services.iter().find(|o| o.service_id == Some(a)).unwrap();
    assert_eq!(step(own, "breakdowns_prevented").count, Some(3), "its own service is exact");
    assert!(!own.withheld);
    let theirs = r.services.iter().find(|o| o.service_id == Some(b)).unwrap();
    let b_step = step(theirs, "breakdowns_prevented");
    assert_eq!((b_step.count, b_step.avoided, b_step.fewer_than_five), (None, None, true));
    assert_eq!(step(theirs, "resignations_avoided").count, Some(7));
    assert_eq!(step(theirs, "residential_avoided").count, Some(0), "nothing is not withheld");
    // Their total would show the withheld count; two constellations would show in the spend.
    assert_eq!((theirs.avoided, theirs.per_pound, theirs.spent), (None, None, None));
    // What can be shown is a floor: their resignations avoided alone.
    assert_eq!(theirs.avoided_at_least, 7 * 1_640_000);
    assert!(theirs.withheld);
    // England adds up to 7 breakdowns and 8 constellations: shown.
    assert_eq!(step(&r.national, "breakdowns_prevented").count, Some(7));
    assert_eq!(r.national.constellation_months, Some(8));
    assert!(!r.national.withheld);
}

#[test]
fn without_the_programmes_costs_there_is_no_return_per_pound() {
    let a = Id::new();
    let r = impact(
        &[sent(a, "Northfield", "2025-05", 6, [5, 0, 0])],
        2025,
        in_force(&[]),
        None,
        &|_| true,
    );
    assert_eq!(r.national.avoided, Some(5 * 104_000));
    assert_eq!((r.national.spent, r.national.per_pound), (None, None));
    assert!(r.national.spent_working.contains("not recorded"));
    let none = impact(&[], 2025, in_force(&[]), None, &|_| true);
    assert_eq!((none.national.returns, none.national.avoided), (0, Some(0)));
    assert!(none.services.is_empty());
}

#[test]
fn the_unit_cost_in_force_is_the_latest_set_else_the_published_one() {
    let set = |amount, at: i64| UnitCost {
        kind: CostKind::Breakdown,
        amount,
        source: "Our own study".into(),
        year: 2024,
        set_by: Some("Programme lead".into()),
        set_at: Some(Timestamp::from_second(at).unwrap()),
    };
    let costs = in_force(&[set(90_000, 10), set(120_000, 20), set(80_000, 15)]);
    assert_eq!(costs.len(), CostKind::ALL.len());
    let breakdown = costs.iter().find(|c| c.kind == CostKind::Breakdown).unwrap();
    assert_eq!(breakdown.amount, 120_000);
    let foster = costs.iter().find(|c| c.kind == CostKind::FosterCareWeek).unwrap();
    assert_eq!((foster.amount, foster.year, foster.set_by.clone()), (64_600, 2017, None));
    assert!(foster.source.contains("PSSRU"));
}

#[test]
fn money_is_read_in_pounds_and_written_with_commas() {
    assert_eq!(pounds(104_000), "£1,040");
    assert_eq!(pounds(64_650), "£646.50");
    assert_eq!(pounds(12_345_678_900), "£123,456,789");
    assert_eq!(pounds(-5), "−£0.05");
    let today = Date::parse("2026-11-23").unwrap();
    let input = |kind: &str, amount: &str, year: &str| UnitCostInput {
        kind: Some(kind.into()),
        amount: Some(amount.into()),
        source: Some("Our own study".into()),
        year: Some(year.into()),
    };
    assert_eq!(input("breakdown", "£1,040.5", "2024").parse(today).unwrap().amount, 104_050);
    assert_eq!(input("residential_weeks", "26", "2024").parse(today).unwrap().amount, 26);
    for (amount, year, field) in [
        ("", "2024", "amount"),
        ("ten pounds", "2024", "amount"),
        ("-5", "2024", "amount"),
        ("1.234", "2024", "amount"),
        ("0", "2024", "amount"),
        ("1000000000", "2024", "amount"),
        ("1040", "2027", "year"),
        ("1040", "", "year"),
    ] {
        let e = fields(input("breakdown", amount, year).parse(today).unwrap_err());
        assert_eq!(e, [field], "{amount} {year}");
    }
    let e = fields(input("residential_weeks", "£12", "2024").parse(today).unwrap_err());
    assert_eq!(e, ["amount"]);
    let e = fields(input("pizza", "12", "2024").parse(today).unwrap_err());
    assert_eq!(e, ["kind"]);
    let mut blank = input("breakdown", "1", "2024");
    blank.source = Some(" ".into());
    assert_eq!(fields(blank.parse(today).unwrap_err()), ["source"]);
}

#[test]
fn the_programmes_costs_are_for_a_financial_year_and_not_all_nothing() {
    let today = Date::parse("2026-11-23").unwrap();
    let input = |year: &str, hub: &str| ProgrammeCostInput {
        year: Some(year.into()),
        hub_fees: Some(hub.into()),
        liaison: Some("30,000".into()),
        licence: Some("0".into()),
        note: None,
    };
    let d = input("2025-26", "60,000").parse(today).unwrap();
    assert_eq!((d.year, d.hub_fees, d.liaison, d.licence), (2025, 6_000_000, 3_000_000, 0));
    assert_eq!(fields(input("2025", "1").parse(today).unwrap_err()), ["year"]);
    assert_eq!(fields(input("2028-29", "1").parse(today).unwrap_err()), ["year"]);
    let mut nothing = input("2025-26", "0");
    nothing.liaison = Some("0".into());
    assert_eq!(fields(nothing.parse(today).unwrap_err()), ["hub_fees"]);
}
