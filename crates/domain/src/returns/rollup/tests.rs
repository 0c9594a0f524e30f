use super::*;
use crate::returns::{Counts, figures};

fn sent(name: &str, region: &str, month: &str, counts: &Counts) -> Sent {
    let service_id = Id::new();
    let month = Month::parse(month).unwrap();
    Sent {
        service_id,
        service_name: name.into(),
        region: region.into(),
        month,
        figures: figures(counts, service_id, month),
    }
}

fn value(c: &Column, key: &str) -> (Option<i64>, bool) {
    let line = c.lines.iter().find(|l| l.key == key).unwrap();
    (line.value, line.fewer_than_five)
}

#[test]
fn periods_are_months_quarters_and_financial_years() {
    let year = Period::parse("2025-26").unwrap();
    assert_eq!(year.months().len(), 12);
    assert_eq!(year.months()[0].to_string(), "2025-04");
    assert_eq!(year.months()[11].to_string(), "2026-03");
    assert_eq!(year.label(), "April 2025 to March 2026");
    assert_eq!(Period::parse("2026-Q4").unwrap().months()[2].to_string(), "2026-12");
    assert_eq!(Period::parse("2026-10").unwrap().key(), "2026-10");
    assert!(Period::parse("2025-27").is_err());
    assert!(Period::parse("soon").is_err());
    let day = Date::parse("2026-02-10").unwrap();
    assert_eq!(Period::financial_year_of(day), Period::Year(2025));
}

#[test]
fn things_done_add_up_what_stands_is_the_last_months_and_small_counts_are_withheld() {
    let october = Counts { contacts: 30, constellations: 2, adults: 3, ..Counts::default() };
    let november = Counts { contacts: 12, constellations: 3, adults: 4, ..Counts::default() };
    let north = sent("Northfield", "North West", "2026-10", &october);
    let mut later = sent("Northfield", "North West", "2026-11", &november);
    later.service_id = north.service_id;
    let south =
        sent("Southmoor", "South East", "2026-11", &Counts { contacts: 2, ..Counts::default() });
    let all = [north.clone(), later, south.clone()];
    let quarter = Period::parse("2026-Q4").unwrap();

    // The programme's view: no service of its own.
    let r = roll_up(&all, quarter, &|_| false);
    assert_eq!(value(&r.national, "contacts"), (Some(44), false));
    assert_eq!(value(&r.national, "constellations"), (None, true), "3 is fewer than 5");
    assert_eq!(r.national.returns, 3);
    assert_eq!(r.regions.len(), 2);
    let south_col = r.services.iter().find(|c| c.name == "Southmoor").unwrap();
    assert_eq!(value(south_col, "contacts"), (None, true));
    assert_eq!(value(south_col, "planned_sleepovers"), (Some(0), false), "zero is shown");
    assert_eq!(value(&r.national, "emergency_answer_minutes"), (None, false));

    // Northfield's own manager sees its small counts, not Southmoor's.
    let theirs = north.service_id;
    let r = roll_up(&all, quarter, &|s| s == theirs);
    let north_col = r.services.iter().find(|c| c.name == "Northfield").unwrap();
    assert_eq!(value(north_col, "adults"), (Some(4), false), "November's, not 3 + 4");
    assert_eq!(value(north_col, "contacts"), (Some(42), false));
    let line = r.national.lines.iter().find(|l| l.key == "constellations").unwrap();
    assert_eq!(line.shown(), "fewer than 5");
}

#[test]
fn carers_kept_add_up_over_services_for_one_month_but_not_over_months() {
    let kept = |start, still| Counts {
        kept_in_constellations: (start, still),
        kept_elsewhere: (100, 90),
        ..Counts::default()
    };
    let north = sent("Northfield", "North West", "2026-10", &kept(30, 29));
    let mut north_later = sent("Northfield", "North West", "2026-11", &kept(29, 27));
    north_later.service_id = north.service_id;
    let south = sent("Southmoor", "South East", "2026-10", &kept(20, 20));
    let all = [north.clone(), north_later, south];

    let october = roll_up(&all, Period::parse("2026-10").unwrap(), &|_| false);
    assert_eq!(value(&october.national, "approved_at_start_constellations"), (Some(50), false));
    assert_eq!(value(&october.national, "still_approved_constellations"), (Some(49), false));
    assert_eq!(value(&october.national, "still_approved_elsewhere"), (Some(180), false));

    let quarter = roll_up(&all, Period::parse("2026-Q4").unwrap(), &|_| false);
    assert_eq!(value(&quarter.national, "still_approved_constellations"), (None, false));
    let north_col = quarter.services.iter().find(|c| c.name == "Northfield").unwrap();
    assert_eq!(value(north_col, "approved_at_start_constellations"), (None, false), "not 30 + 29");
    let south_col = quarter.services.iter().find(|c| c.name == "Southmoor").unwrap();
    let only_october = "October's carers kept are not the quarter's";
    assert_eq!(value(south_col, "still_approved_constellations"), (None, false), "{only_october}");
}

#[test]
fn census_figures_are_shares_of_the_children() {
    let counts = Counts {
        constellations: 2,
        hub_homes: 2,
        satellite_homes: 15,
        children: vec![
            (crate::Arrangement::MainstreamFoster, 12),
            (crate::Arrangement::BirthChild, 5),
            (crate::Arrangement::Kinship, 3),
        ],
        ..Counts::default()
    };
    let r = roll_up(
        &[sent("Northfield", "North West", "2026-10", &counts)],
        Period::parse("2026-10").unwrap(),
        &|_| true,
    );
    let c = &r.national.census;
    assert_eq!(c.homes, Some(17));
    assert_eq!(c.children, Some(20));
    assert_eq!(c.satellites_per_constellation, Some(7.5));
    assert_eq!(c.mainstream_percent, Some(60.0));
    assert_eq!(c.sons_and_daughters_percent, Some(25.0));
}

#[test]
fn a_trend_is_the_national_value_for_each_of_the_twelve_months_to_the_periods_end() {
    let mut north =
        sent("Northfield", "North West", "2026-09", &Counts { contacts: 30, ..Counts::default() });
    let south =
        sent("Southmoor", "South East", "2026-09", &Counts { contacts: 2, ..Counts::default() });
    let mut later = north.clone();
    later.month = Month::parse("2026-10").unwrap();
    later.figures =
        figures(&Counts { contacts: 3, ..Counts::default() }, later.service_id, later.month);
    let mine = north.service_id;
    north.figures = figures(&Counts { contacts: 30, ..Counts::default() }, mine, north.month);
    let all = [north, south, later];
    let quarter = Period::parse("2026-Q4").unwrap();
    let england = crate::returns::Whose::England;
    let t = crate::returns::trend(&all, quarter, "contacts", &england, &|_| false).unwrap();
    assert_eq!(t.label, "One-to-one support contacts");
    assert_eq!(t.of, "England");
    assert_eq!(t.points.len(), 12);
    assert_eq!(t.points[0].month.to_string(), "2026-01");
    assert_eq!(t.points[11].month.to_string(), "2026-12");
    let at = |m: &str| t.points.iter().find(|p| p.month.to_string() == m).unwrap().clone();
    assert_eq!((at("2026-09").value, at("2026-09").returns), (Some(32), 2));
    // October's 3 is from one service not the caller's: withheld. No return, no value.
    assert_eq!((at("2026-10").value, at("2026-10").fewer_than_five), (None, true));
    assert_eq!((at("2026-11").value, at("2026-11").returns), (None, 0));
    // The caller's own service shows its small count.
    let own = crate::returns::trend(&all, quarter, "contacts", &england, &|s| s == mine).unwrap();
    assert_eq!(own.points[9].value, Some(3));
    assert!(crate::returns::trend(&all, quarter, "no_such_figure", &england, &|_| true).is_none());
}

#[test]
fn a_trend_is_a_regions_or_a_services_when_asked() {
    use crate::returns::{Trend, Whose};
    let north =
        sent("Northfield", "North West", "2026-09", &Counts { contacts: 30, ..Counts::default() });
    let south =
        sent("Southmoor", "South East", "2026-09", &Counts { contacts: 7, ..Counts::default() });
    let (theirs, all) = (south.service_id, [north, south]);
    let quarter = Period::parse("2026-Q4").unwrap();
    let at_september =
        |t: &Trend| t.points.iter().find(|p| p.month.to_string() == "2026-09").cloned();

    let region = Whose::Region("South East".into());
    let t = crate::returns::trend(&all, quarter, "contacts", &region, &|_| false).unwrap();
    assert_eq!(t.of, "South East");
    assert_eq!(at_september(&t).map(|p| (p.value, p.returns)), Some((Some(7), 1)));
    assert_eq!(t.points[11].value, None, "no return sent in December");

    let service = Whose::Service(theirs);
    let t = crate::returns::trend(&all, quarter, "contacts", &service, &|_| false).unwrap();
    assert_eq!(t.of, "Southmoor");
    assert_eq!(at_september(&t).and_then(|p| p.value), Some(7));

    // Whoever sent nothing in the twelve months has no trend.
    let nowhere = Whose::Region("London".into());
    assert!(crate::returns::trend(&all, quarter, "contacts", &nowhere, &|_| false).is_none());
    let nobody = Whose::Service(Id::new());
    assert!(crate::returns::trend(&all, quarter, "contacts", &nobody, &|_| false).is_none());
}
