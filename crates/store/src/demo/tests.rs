use std::collections::HashMap;

use domain::{
    Arrangement, Choice, ConcernKind, ConcernOutcome, ContactChannel, DateRange, EventKind,
    MembershipRole, Postcode, SleepoverStatus, ssda903,
};

use super::*;

fn spec(households: u32, seed: u64) -> DemoSpec {
    DemoSpec { households, years: 10, seed, until: Date::parse("2026-06-30").unwrap() }
}

/// Rows of the first service of a demo with this many households.
fn rows(households: u32, seed: u64) -> Rows {
    let spec = spec(households, seed);
    let shares = service_shares(&spec);
    service_rows(&spec, 0, shares[0])
}

fn day(text: &Option<String>) -> Option<Date> {
    text.as_deref().map(|t| Date::parse(t).unwrap())
}

fn ranges(
    rows: &Rows,
    table: T,
    key: &str,
    from: &str,
    to: &str,
) -> HashMap<String, Vec<DateRange>> {
    let mut by_key: HashMap<String, Vec<DateRange>> = HashMap::new();
    let keys = rows.column(table, key);
    let (froms, tos) = (rows.column(table, from), rows.column(table, to));
    for ((k, f), t) in keys.into_iter().zip(froms).zip(tos) {
        let range = DateRange::new(day(&f).unwrap(), day(&t));
        let range = range.unwrap_or_else(|m| panic!("{table:?} {f:?}..{t:?} {m}"));
        by_key.entry(k.unwrap()).or_default().push(range);
    }
    by_key
}

fn no_overlaps(by_key: &HashMap<String, Vec<DateRange>>) {
    for (key, list) in by_key {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                assert!(!a.overlaps(b), "{key}: {a:?} overlaps {b:?}");
            }
        }
    }
}

#[test]
fn the_same_seed_makes_the_same_rows_and_another_seed_does_not() {
    assert_eq!(rows(300, 7).fingerprint(), rows(300, 7).fingerprint());
    assert_ne!(rows(300, 7).fingerprint(), rows(300, 8).fingerprint());
}

#[test]
fn households_are_shared_out_exactly() {
    for n in [1, 39, 40, 180, 43_000] {
        let shares = service_shares(&spec(n, 3));
        assert_eq!(shares.iter().sum::<usize>(), n as usize);
        assert!(n < 40 || shares.len() >= 2);
    }
    let one = service_rows(&spec(180, 1), 0, 97);
    assert_eq!(one.count(T::Households), 97);
    assert_eq!(one.count(T::Services), 1);
}

#[test]
fn children_follow_the_proportions_of_the_programme() {
    let rows = service_rows(&spec(3_000, 1), 0, 1_500);
    let arrangements = rows.column(T::Children, "arrangement");
    let share = |a: Arrangement| {
        let n = arrangements.iter().filter(|w| w.as_deref() == Some(a.as_str())).count();
        n as f64 / arrangements.len() as f64
    };
    assert!(arrangements.len() > 1_000);
    assert!(
        (0.56..0.62).contains(&share(Arrangement::MainstreamFoster)),
        "{}",
        share(Arrangement::MainstreamFoster)
    );
    assert!(
        (0.19..0.25).contains(&share(Arrangement::BirthChild)),
        "{}",
        share(Arrangement::BirthChild)
    );
    assert!(share(Arrangement::Kinship) > 0.03 && share(Arrangement::Adopted) > 0.01);
    for word in arrangements.iter().flatten() {
        assert!(Arrangement::parse(word).is_some(), "{word}");
    }
}

#[test]
fn memberships_keep_the_rules_of_the_registry() {
    let rows = rows(600, 2);
    no_overlaps(&ranges(&rows, T::Memberships, "household_id", "from_on", "to_on"));
    // At most one hub at a time in each constellation.
    let roles = rows.column(T::Memberships, "role");
    let constellations = rows.column(T::Memberships, "constellation_id");
    let all = ranges(&rows, T::Memberships, "id", "from_on", "to_on");
    let mut hubs: HashMap<String, Vec<DateRange>> = HashMap::new();
    for ((id, role), c) in rows.column(T::Memberships, "id").iter().zip(&roles).zip(&constellations)
    {
        assert!(MembershipRole::parse(role.as_deref().unwrap()).is_some());
        if role.as_deref() == Some("hub") {
            hubs.entry(c.clone().unwrap()).or_default().push(all[id.as_ref().unwrap()][0]);
        }
    }
    assert_eq!(hubs.len() as u64, rows.count(T::Constellations), "every constellation has a hub");
    no_overlaps(&hubs);
    assert!(
        rows.column(T::Memberships, "end_reason")
            .iter()
            .flatten()
            .any(|r| r == "moved_constellation")
    );
    assert!(
        rows.column(T::Memberships, "end_reason").iter().flatten().any(|r| r == "role_changed")
    );
}

#[test]
fn placements_use_ssda903_codes_and_never_overlap() {
    let rows = rows(600, 3);
    no_overlaps(&ranges(&rows, T::Placements, "child_id", "from_on", "to_on"));
    for code in rows.column(T::Placements, "place_code").iter().flatten() {
        assert!(ssda903::check(ssda903::PLACE, code).is_ok(), "{code}");
        assert!(!code.starts_with('T'), "a sleepover is never a placement: {code}");
    }
    let reasons = rows.column(T::Placements, "reason_code");
    let ends = rows.column(T::Placements, "to_on");
    for (reason, end) in reasons.iter().zip(&ends) {
        assert_eq!(reason.is_some(), end.is_some(), "an ended placement has a reason");
        if let Some(code) = reason {
            assert!(ssda903::check(ssda903::REASON_PLACE_CHANGE, code).is_ok(), "{code}");
        }
    }
    ranges(&rows, T::Carers, "id", "approved_from", "approved_to");
}

#[test]
fn addresses_and_words_are_valid() {
    let rows = rows(300, 4);
    for postcode in rows.column(T::Households, "postcode").iter().flatten() {
        assert_eq!(Postcode::parse(postcode).unwrap().as_str(), postcode);
    }
    for word in rows.column(T::Sleepovers, "status").iter().flatten() {
        assert!(SleepoverStatus::parse(word).is_some(), "{word}");
    }
    for word in rows.column(T::Events, "kind").iter().flatten() {
        assert!(EventKind::parse(word).is_some(), "{word}");
    }
    for word in rows.column(T::Contacts, "channel").iter().flatten() {
        assert!(ContactChannel::parse(word).is_some(), "{word}");
    }
    for word in rows.column(T::Concerns, "kind").iter().flatten() {
        assert!(ConcernKind::parse(word).is_some(), "{word}");
    }
    for word in rows.column(T::Concerns, "outcome").iter().flatten() {
        assert!(ConcernOutcome::parse(word).is_some(), "{word}");
    }
}

#[test]
fn activity_runs_at_the_rates_of_the_programme() {
    let rows = rows(1_000, 5);
    let launched = rows.column(T::Constellations, "launched_on");
    let until = Date::parse("2026-06-30").unwrap();
    let years: f64 =
        launched.iter().map(|d| f64::from(day(d).unwrap().days_until(until)) / 365.25).sum();
    let rate = |table| rows.count(table) as f64 / years;
    assert!((150.0..210.0).contains(&rate(T::Contacts)), "contacts {}", rate(T::Contacts));
    assert!((50.0..90.0).contains(&rate(T::Sleepovers)), "sleepovers {}", rate(T::Sleepovers));
    assert!((30.0..42.0).contains(&rate(T::Events)), "events {}", rate(T::Events));
    assert!((3.0..7.0).contains(&rate(T::Concerns)), "concerns {}", rate(T::Concerns));
}

#[test]
fn a_hub_never_has_more_children_on_a_night_than_its_beds() {
    let rows = rows(600, 6);
    let ids = rows.column(T::Sleepovers, "id");
    let hosts = rows.column(T::Sleepovers, "host_household_id");
    let firsts = rows.column(T::Sleepovers, "first_night");
    let nights = rows.column(T::Sleepovers, "nights");
    let statuses = rows.column(T::Sleepovers, "status");
    let mut children: HashMap<String, i32> = HashMap::new();
    for id in rows.column(T::SleepoverChildren, "sleepover_id").into_iter().flatten() {
        *children.entry(id).or_default() += 1;
    }
    let mut beds: HashMap<(String, Date), i32> = HashMap::new();
    for i in 0..ids.len() {
        let id = ids[i].clone().unwrap();
        assert!(children[&id] >= 1, "a sleepover has a child");
        // Only a confirmation takes beds; a request waiting for an answer holds none.
        if !matches!(statuses[i].as_deref(), Some("confirmed" | "completed")) {
            continue;
        }
        let first = day(&firsts[i]).unwrap();
        for n in 0..nights[i].as_deref().unwrap().parse::<i32>().unwrap() {
            *beds.entry((hosts[i].clone().unwrap(), first.add_days(n))).or_default() +=
                children[&id];
        }
    }
    assert!(beds.values().all(|&n| n <= 2), "{:?}", beds.values().max());
}
