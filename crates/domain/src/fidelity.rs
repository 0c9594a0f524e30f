//! Whether a constellation keeps to the model (DESIGN §5.2): each criterion red, amber or green,
//! with the reason and where to put it right. The store counts the facts; this module judges.

use serde::Serialize;

use crate::plural;
use crate::{Date, Id, Month};

/// Planning meetings are looked for in each of this many whole months before this one.
pub const PLANNING_MONTHS: usize = 3;

/// Red, amber or green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
        }
    }
}

/// What one constellation's records say, counted today.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub constellation_id: Id,
    pub constellation_name: String,
    pub hubs: i64,
    pub hub_household_id: Option<Id>,
    pub satellites: i64,
    pub liaison_worker: Option<String>,
    /// The whole months before this one, the latest first, and whether each had a planning
    /// meeting that was not cancelled.
    pub planning: Vec<(Month, bool)>,
    pub hub_beds: i64,
    pub looked_after: i64,
    pub authority_missing: i64,
    pub authority_overdue: i64,
    /// Placements in the last year at the constellation's homes with a temporary-move code
    /// (`T0`–`T4`): sleepovers recorded as placements.
    pub temporary_placements: i64,
}

/// A looked-after child's delegated authority as the fidelity view counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorityGap {
    Missing,
    Overdue,
}

/// Whether delegated authority granted on `granted`, due for review on `review`, falls short
/// `today`: missing when either date is not recorded, overdue when the review day has passed.
pub fn authority_gap(
    granted: Option<Date>,
    review: Option<Date>,
    today: Date,
) -> Option<AuthorityGap> {
    match (granted, review) {
        (Some(_), Some(review)) if review < today => Some(AuthorityGap::Overdue),
        (Some(_), Some(_)) => None,
        _ => Some(AuthorityGap::Missing),
    }
}

impl Facts {
    /// Counts one looked-after child of the constellation.
    pub fn count_child(&mut self, gap: Option<AuthorityGap>) {
        self.looked_after += 1;
        match gap {
            Some(AuthorityGap::Missing) => self.authority_missing += 1,
            Some(AuthorityGap::Overdue) => self.authority_overdue += 1,
            None => {}
        }
    }
}

/// One criterion's judgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    pub criterion: String,
    pub rag: Rag,
    pub reason: String,
    /// The page where it can be put right.
    pub fix: String,
    /// What that page is, as its link says: "Plan a planning meeting".
    pub fix_text: String,
}

/// A constellation's criteria, in DESIGN §5.2's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fidelity {
    pub constellation_id: Id,
    pub constellation_name: String,
    pub criteria: Vec<Criterion>,
}

impl Fidelity {
    /// The worst of its criteria.
    pub fn overall(&self) -> Rag {
        self.criteria.iter().map(|c| c.rag).max().unwrap_or(Rag::Green)
    }
}

/// Judges a constellation by its facts.
pub fn assess(f: &Facts) -> Fidelity {
    let c = f.constellation_id;
    let home = format!("/constellations/{c}");
    let mut criteria = Vec::new();
    let mut push = |criterion: &str, rag: Rag, reason: String, (fix, text): (String, &str)| {
        criteria.push(Criterion {
            criterion: criterion.into(),
            rag,
            reason,
            fix,
            fix_text: text.into(),
        })
    };
    let members = (home.clone(), "The constellation's homes");
    let change = (format!("{home}/edit"), "Change the constellation");
    let households = (format!("/households?constellation_id={c}"), "The households and children");

    let (rag, reason) = match f.hubs {
        1 => (Rag::Green, "One hub home is active.".to_string()),
        0 => (Rag::Red, "No hub home is active: add the hub's membership.".to_string()),
        n => (Rag::Red, format!("{n} hub homes are active: a constellation has one.")),
    };
    push("One active hub", rag, reason, members.clone());

    let rag = match f.satellites {
        6..=10 => Rag::Green,
        4..=5 | 11..=12 => Rag::Amber,
        _ => Rag::Red,
    };
    let reason = format!(
        "{} active: the model has 6 to 10.",
        plural(f.satellites, "satellite home is", "satellite homes are")
    );
    push("6 to 10 active satellites", rag, reason, members);

    match f.liaison_worker.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => push(
            "A named liaison worker",
            Rag::Green,
            format!("{name} is the liaison worker."),
            change.clone(),
        ),
        None => push(
            "A named liaison worker",
            Rag::Red,
            "No liaison worker is named.".into(),
            change.clone(),
        ),
    }

    let missed: Vec<String> =
        f.planning.iter().filter(|(_, held)| !held).map(|(m, _)| m.label()).collect();
    let rag = match missed.len() {
        0 => Rag::Green,
        1 => Rag::Amber,
        _ => Rag::Red,
    };
    let reason = if missed.is_empty() {
        format!("A planning meeting was held in each of the last {} months.", f.planning.len())
    } else {
        format!("No planning meeting in {}.", missed.join(", "))
    };
    let plan = (format!("/events/new?constellation_id={c}"), "Plan a planning meeting");
    push("A planning meeting each month", rag, reason, plan);

    let beds_fix = match f.hub_household_id {
        Some(h) => (format!("/households/{h}/edit"), "Change the hub household"),
        None => (home.clone(), "The constellation's homes"),
    };
    if f.hubs == 0 {
        push(
            "Sleepover beds offered",
            Rag::Red,
            "There is no hub to offer beds.".into(),
            beds_fix.clone(),
        );
    } else if f.hub_beds > 0 {
        push(
            "Sleepover beds offered",
            Rag::Green,
            format!("The hub offers {}.", plural(f.hub_beds, "bed", "beds")),
            beds_fix.clone(),
        );
    } else {
        push(
            "Sleepover beds offered",
            Rag::Red,
            "The hub offers no sleepover beds.".into(),
            beds_fix.clone(),
        );
    }

    let gaps = f.authority_missing + f.authority_overdue;
    let rag = if gaps == 0 { Rag::Green } else { Rag::Red };
    let reason = if f.looked_after == 0 {
        "No looked-after children live in its homes.".to_string()
    } else if gaps == 0 {
        format!(
            "In place for all {}.",
            plural(f.looked_after, "looked-after child", "looked-after children")
        )
    } else {
        let mut parts = Vec::new();
        if f.authority_missing > 0 {
            parts.push(format!("missing for {}", f.authority_missing));
        }
        if f.authority_overdue > 0 {
            parts.push(format!("overdue for review for {}", f.authority_overdue));
        }
        format!(
            "Delegated authority is {} of {}.",
            parts.join(" and "),
            plural(f.looked_after, "looked-after child", "looked-after children")
        )
    };
    push("Delegated authority in place", rag, reason, households.clone());

    let rag = if f.temporary_placements == 0 { Rag::Green } else { Rag::Red };
    let reason = if f.temporary_placements == 0 {
        "No temporary move has been recorded as a placement in the last year.".to_string()
    } else {
        format!(
            "{} in the last year: record sleepovers as sleepovers.",
            plural(
                f.temporary_placements,
                "temporary move was recorded as a placement",
                "temporary moves were recorded as placements"
            )
        )
    };
    push("Sleepovers not recorded as placements", rag, reason, households);

    Fidelity { constellation_id: c, constellation_name: f.constellation_name.clone(), criteria }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept() -> Facts {
        let month = Month::parse("2026-10").unwrap();
        Facts {
            constellation_id: Id::new(),
            constellation_name: "Larkspur".into(),
            hubs: 1,
            hub_household_id: Some(Id::new()),
            satellites: 8,
            liaison_worker: Some("Robin Ashdown".into()),
            planning: vec![
                (month, true),
                (month.previous(), true),
                (month.previous().previous(), true),
            ],
            hub_beds: 2,
            looked_after: 12,
            authority_missing: 0,
            authority_overdue: 0,
            temporary_placements: 0,
        }
    }

    fn rags(f: &Facts) -> Vec<Rag> {
        assess(f).criteria.iter().map(|c| c.rag).collect()
    }

    #[test]
    fn a_constellation_that_keeps_the_model_is_green_throughout() {
        let f = kept();
        assert_eq!(rags(&f), vec![Rag::Green; 7]);
        assert_eq!(assess(&f).overall(), Rag::Green);
    }

    #[test]
    fn each_shortfall_is_amber_or_red_with_its_reason() {
        let mut f = kept();
        f.satellites = 5;
        f.planning[1].1 = false;
        let judged = assess(&f);
        assert_eq!(judged.criteria[1].rag, Rag::Amber);
        assert_eq!(judged.criteria[3].rag, Rag::Amber);
        assert!(
            judged.criteria[3].reason.contains("September 2026"),
            "{}",
            judged.criteria[3].reason
        );
        f.satellites = 3;
        f.hubs = 0;
        f.liaison_worker = Some("  ".into());
        f.hub_beds = 0;
        f.authority_overdue = 2;
        f.temporary_placements = 1;
        assert_eq!(
            rags(&f),
            vec![Rag::Red, Rag::Red, Rag::Red, Rag::Amber, Rag::Red, Rag::Red, Rag::Red]
        );
        let judged = assess(&f);
        assert_eq!(judged.overall(), Rag::Red);
        assert!(judged.criteria[5].reason.contains("overdue for review for 2 of 12 looked-after"));
        assert!(judged.criteria[3].fix.starts_with("/events/new?constellation_id="));
        assert_eq!(judged.criteria[3].fix_text, "Plan a planning meeting");
    }
}
