//! The figures of a monthly return (DESIGN §5.6), in the order the programme reads them, each
//! with the list of records behind it. The store counts; the rules of what counts are here.

use serde::{Deserialize, Serialize};

use crate::support::{Rating, Ratings, counted};
use crate::{
    Arrangement, Choice, ConcernKind, ConcernOutcome, EventKind, Id, LeavingReason, Month, choice,
};

choice!(
    /// Where a figure sits on the return.
    Section {
        Homes => "homes", "Constellations, homes and people";
        Activities => "activities", "Activities and support";
        Sleepovers => "sleepovers", "Sleepovers, short breaks and sibling contact";
        Outcomes => "outcomes", "Concerns and what they prevented";
        Carers => "carers", "Carers who left, and carers kept";
        Survey => "survey", "Carers' survey answers given in the month";
    }
);

/// One figure: what it counts, its value, and where to see the records behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// A stable name for the figure, such as `emergency_sleepovers`.
    pub key: String,
    pub label: String,
    pub section: Section,
    /// None where there is nothing to measure, such as the median time to answer an
    /// emergency in a month with none.
    pub value: Option<i64>,
    /// The page listing the records behind it.
    pub records: String,
}

/// What the store counts from a service's records for a month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Launched by the month's end and not closed before it.
    pub constellations: i64,
    /// Households in each role on the month's last day.
    pub hub_homes: i64,
    pub satellite_homes: i64,
    /// Carers approved on the month's last day, in those households.
    pub adults: i64,
    /// Children living in those households on the month's last day, by arrangement.
    pub children: Vec<(Arrangement, i64)>,
    /// Events held in the month (not cancelled), by kind.
    pub events: Vec<(EventKind, i64)>,
    pub contacts: i64,
    /// Sleepovers confirmed or completed whose first night is in the month.
    pub planned_sleepovers: i64,
    pub emergency_sleepovers: i64,
    /// The nights in the month of sleepovers confirmed or completed.
    pub sleepover_nights: i64,
    /// Minutes from asking to the answer, for each emergency request answered in the month.
    pub emergency_answer_minutes: Vec<i64>,
    pub short_breaks: i64,
    pub sibling_contacts: i64,
    pub concerns_opened: i64,
    /// Concerns closed in the month: kind, outcome, whether put down to support, how many.
    pub concerns_closed: Vec<(ConcernKind, ConcernOutcome, bool, i64)>,
    /// Carers whose approval ended in the month, by why.
    pub carers_left: Vec<(LeavingReason, i64)>,
    /// Carers approved on the month's first day, and of them those still approved on its last:
    /// in the constellations' homes, and in the service's other homes.
    pub kept_in_constellations: (i64, i64),
    pub kept_elsewhere: (i64, i64),
    pub respite: Ratings,
    pub peer_support: Ratings,
}

/// The middle value, rounded down between the two middle ones; none for no values.
pub fn median(values: &[i64]) -> Option<i64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

struct Builder {
    figures: Vec<Figure>,
    section: Section,
}

impl Builder {
    fn push(
        &mut self,
        key: impl Into<String>,
        label: impl Into<String>,
        value: Option<i64>,
        records: &str,
    ) {
        self.figures.push(Figure {
            key: key.into(),
            label: label.into(),
            section: self.section,
            value,
            records: records.to_string(),
        });
    }
}

fn count_of<T: PartialEq + Copy>(list: &[(T, i64)], which: T) -> i64 {
    list.iter().filter(|(t, _)| *t == which).map(|(_, n)| n).sum()
}

/// The return's figures from the counts, in order. `service` and `month` make the links to the
/// records behind them.
pub fn figures(counts: &Counts, service: Id, month: Month) -> Vec<Figure> {
    let mut b = Builder { figures: Vec::new(), section: Section::Homes };
    let homes = format!("/households?service_id={service}");
    let children = "/children".to_string();
    let constellations = format!("/services/{service}");
    b.push("constellations", "Constellations", Some(counts.constellations), &constellations);
    b.push("hub_homes", "Hub homes", Some(counts.hub_homes), &homes);
    b.push("satellite_homes", "Satellite homes", Some(counts.satellite_homes), &homes);
    b.push("adults", "Adults: carers approved", Some(counts.adults), "/carers");
    let mut all_children = 0;
    for arrangement in Arrangement::ALL.iter().filter(|a| **a != Arrangement::BirthChild) {
        let n = count_of(&counts.children, *arrangement);
        all_children += n;
        b.push(
            format!("children_{}", arrangement.as_str()),
            format!("Children: {}", arrangement.label().to_lowercase()),
            Some(n),
            &children,
        );
    }
    let sons = count_of(&counts.children, Arrangement::BirthChild);
    b.push("sons_and_daughters", "Sons and daughters of carers", Some(sons), &children);
    b.push("children", "Children and young people, in all", Some(all_children + sons), &children);

    b.section = Section::Activities;
    let events = format!("/events?month={month}");
    for (key, label, kind) in [
        ("social_activities", "Social activities", EventKind::Social),
        ("training_sessions", "Training sessions", EventKind::Training),
        ("peer_support_sessions", "Peer-support sessions", EventKind::PeerSupport),
        ("planning_meetings", "Planning meetings", EventKind::Planning),
    ] {
        b.push(key, label, Some(count_of(&counts.events, kind)), &events);
    }
    b.push(
        "contacts",
        "One-to-one support contacts",
        Some(counts.contacts),
        &format!("/contacts?month={month}"),
    );

    b.section = Section::Sleepovers;
    let stays = format!("/sleepovers?month={month}");
    b.push("planned_sleepovers", "Planned sleepovers", Some(counts.planned_sleepovers), &stays);
    b.push(
        "emergency_sleepovers",
        "Emergency sleepovers",
        Some(counts.emergency_sleepovers),
        &stays,
    );
    b.push("sleepover_nights", "Nights used", Some(counts.sleepover_nights), &stays);
    b.push(
        "emergency_answer_minutes",
        "Median minutes to answer an emergency request",
        median(&counts.emergency_answer_minutes),
        &stays,
    );
    b.push("short_breaks", "Short breaks", Some(counts.short_breaks), &stays);
    b.push(
        "sibling_contacts",
        "Sibling contacts",
        Some(counts.sibling_contacts),
        &format!("/sibling-contacts?month={month}"),
    );

    b.section = Section::Outcomes;
    let concerns = "/concerns?status=all";
    b.push("concerns_opened", "Concerns raised", Some(counts.concerns_opened), concerns);
    for (key, label, kind) in [
        ("breakdowns_prevented", "Placement breakdowns prevented", ConcernKind::PlacementAtRisk),
        ("resignations_avoided", "Carer resignations avoided", ConcernKind::CarerMayResign),
        ("residential_avoided", "Residential placements avoided", ConcernKind::ResidentialRisk),
    ] {
        let n = counts
            .concerns_closed
            .iter()
            .filter(|(k, outcome, attributed, _)| {
                *k == kind && counted(Some(*outcome), Some(*attributed))
            })
            .map(|(.., n)| n)
            .sum();
        b.push(key, label, Some(n), concerns);
    }

    b.section = Section::Carers;
    let mut left = 0;
    for reason in LeavingReason::ALL {
        let n = count_of(&counts.carers_left, *reason);
        left += n;
        b.push(
            format!("carers_left_{}", reason.as_str()),
            format!("Carers who left: {}", reason.label().to_lowercase()),
            Some(n),
            "/carers",
        );
    }
    b.push("carers_left", "Carers who left, in all", Some(left), "/carers");
    for (key, label, (start, kept)) in [
        ("constellations", "in the constellations' homes", counts.kept_in_constellations),
        ("elsewhere", "in the service's other homes", counts.kept_elsewhere),
    ] {
        b.push(
            format!("approved_at_start_{key}"),
            format!("Carers approved at the start, {label}"),
            Some(start),
            "/carers",
        );
        b.push(
            format!("still_approved_{key}"),
            format!("Of them still approved at the end, {label}"),
            Some(kept),
            "/carers",
        );
    }

    b.section = Section::Survey;
    let results = format!(
        "/surveys/results?quarter={}",
        crate::support::Quarter::of(month.first_day()).key()
    );
    for (key, label, ratings) in [
        ("respite", "Sleepovers and short breaks", &counts.respite),
        ("peer_support", "Peer support", &counts.peer_support),
    ] {
        for rating in Rating::ALL {
            b.push(
                format!("{key}_{}", rating.as_str()),
                format!("{label}: {}", rating.label().to_lowercase()),
                Some(ratings.of(*rating)),
                &results,
            );
        }
    }
    b.figures
}
