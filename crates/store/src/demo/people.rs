//! Households, their carers and their children, with the dates that shape everything else.

use domain::{Arrangement, CarerRole, LeavingReason};

use super::clock::Ids;
use super::names;
use super::rng::Rng;

pub(crate) struct Household {
    pub id: String,
    pub surname: String,
    pub postcode: String,
    /// The day the household joined the programme (its first membership, when it has one).
    pub joined: i32,
    pub left: Option<(i32, LeavingReason)>,
    pub ever_hub: bool,
    pub carers: Vec<Carer>,
    pub children: Vec<Child>,
}

pub(crate) struct Carer {
    pub id: String,
    pub name: String,
    pub role: CarerRole,
    pub approved_from: i32,
}

pub(crate) struct Child {
    pub id: String,
    pub name: String,
    pub birth: i32,
    pub arrangement: Arrangement,
    pub sibling_group: Option<String>,
    /// When the child lives in the household: from, and to (inclusive) if they have left.
    pub from: i32,
    pub to: Option<i32>,
    pub placements: Vec<Placement>,
    pub delegated_authority: Option<i32>,
}

pub(crate) struct Placement {
    pub id: String,
    pub from: i32,
    pub to: Option<i32>,
    pub place_code: &'static str,
    pub ending: Option<(&'static str, bool)>,
}

impl Household {
    pub fn new(ids: &mut Ids, rng: &mut Rng, area: &str, joined: i32) -> Self {
        let surname = names::surname(rng);
        let approved_from = joined - rng.between(60, 4_000);
        let mut carers = vec![Carer::new(ids, rng, &surname, CarerRole::MainCarer, approved_from)];
        if rng.chance(0.65) {
            carers.push(Carer::new(ids, rng, &surname, CarerRole::SecondCarer, approved_from));
        }
        if rng.chance(0.1) {
            let from = rng.between(approved_from, joined);
            carers.push(Carer::new(ids, rng, &surname, CarerRole::SupportCarer, from));
        }
        Household {
            id: ids.next(),
            postcode: names::postcode(rng, area),
            surname,
            joined,
            left: None,
            ever_hub: false,
            carers,
            children: Vec::new(),
        }
    }

    /// "Amara and Tom Fenley": the carers' first names and the family name.
    pub fn display_name(&self) -> String {
        let first = |c: &Carer| c.name.split(' ').next().unwrap_or_default().to_string();
        let mut main = self.carers.iter().filter(|c| c.role != CarerRole::SupportCarer).map(first);
        match (main.next(), main.next()) {
            (Some(a), Some(b)) => format!("{a} and {b} {}", self.surname),
            (Some(a), None) => format!("{a} {}", self.surname),
            _ => self.surname.clone(),
        }
    }

    /// The last day the household can hold anyone, counting today when it has not left.
    pub fn last_day(&self, today: i32) -> i32 {
        self.left.map_or(today, |(day, _)| day)
    }

    /// Children living in the household on a day, other than the carers' own sons and daughters.
    pub fn cared_for_on(&self, day: i32) -> impl Iterator<Item = usize> + '_ {
        self.children.iter().enumerate().filter_map(move |(i, c)| {
            let here = c.from <= day && c.to.is_none_or(|to| day <= to);
            (here && c.arrangement != Arrangement::BirthChild).then_some(i)
        })
    }

    /// Fills the household with children over its life, in the proportions of DESIGN §1.
    pub fn add_children(&mut self, ids: &mut Ids, rng: &mut Rng, today: i32) {
        let count = rng.weighted(&[(1, 15), (2, 30), (3, 30), (4, 15), (5, 10)]);
        for _ in 0..count {
            let arrangement = rng.weighted(&[
                (Arrangement::MainstreamFoster, 59),
                (Arrangement::BirthChild, 22),
                (Arrangement::Kinship, 7),
                (Arrangement::Sgo, 4),
                (Arrangement::Adopted, 4),
                (Arrangement::ResidentialLinked, 2),
                (Arrangement::Other, 2),
            ]);
            let child = if arrangement.is_looked_after() {
                self.looked_after_child(ids, rng, arrangement, today)
            } else {
                self.family_child(ids, rng, arrangement, today)
            };
            if let (Some(group), Some(before)) = (&child.sibling_group, self.children.last_mut()) {
                before.sibling_group = Some(group.clone());
            }
            self.children.push(child);
        }
    }

    fn family_child(
        &self,
        ids: &mut Ids,
        rng: &mut Rng,
        arrangement: Arrangement,
        today: i32,
    ) -> Child {
        let birth = match arrangement {
            Arrangement::BirthChild => rng.between(self.joined - 17 * 365, self.joined + 3 * 365),
            _ => rng.between(self.joined - 15 * 365, self.joined - 2 * 365),
        }
        .min(today - 30);
        Child {
            id: ids.next(),
            name: child_name(rng, &self.surname),
            birth,
            arrangement,
            sibling_group: None,
            from: birth.max(self.joined),
            to: None,
            placements: Vec::new(),
            delegated_authority: None,
        }
    }

    fn looked_after_child(
        &self,
        ids: &mut Ids,
        rng: &mut Rng,
        arrangement: Arrangement,
        today: i32,
    ) -> Child {
        let last = self.last_day(today);
        // Now and then a brother or sister arrives with the child before.
        let sibling = self.children.last().filter(|c| c.arrangement == arrangement);
        let sibling = sibling.filter(|_| rng.chance(0.25));
        let (from, planned_to) = match sibling {
            Some(s) => (s.from, s.placements.last().and_then(|p| p.to)),
            None => {
                let from = rng.between(self.joined - 730, last - 1);
                let mean = match arrangement {
                    Arrangement::MainstreamFoster if rng.chance(0.5) => 200.0,
                    Arrangement::MainstreamFoster | Arrangement::Kinship => 1_400.0,
                    _ => 700.0,
                };
                let stay = (-(1.0 - rng.below(1 << 20) as f64 / (1 << 20) as f64).ln() * mean)
                    .max(2.0) as i32;
                (from, Some(from + stay))
            }
        };
        let mut placements = Vec::new();
        let to = match planned_to {
            Some(to) if to < last => {
                let reason = rng.weighted(&[
                    ("CARPL", 35),
                    ("CREQB", 12),
                    ("CREQO", 6),
                    ("CHILD", 8),
                    ("LAREQ", 10),
                    ("CLOSE", 4),
                    ("STAND", 3),
                    ("ALLEG", 3),
                    ("APPRR", 1),
                    ("CUSTOD", 1),
                    ("OTHER", 9),
                ]);
                let planned = matches!(reason, "CARPL" | "LAREQ") || rng.chance(0.1);
                Some((to, Some((reason, planned))))
            }
            _ if self.left.is_some() => Some((last, Some(("CLOSE", false)))),
            _ => None,
        };
        let code = place_code(rng, arrangement);
        let end_day = to.map(|(day, _)| day);
        let ending = to.and_then(|(_, ending)| ending);
        let long = end_day.unwrap_or(today) - from > 540;
        if code == "U6" && long && rng.chance(0.3) {
            // A short-term placement that became long-term: a change of status only.
            let change = from + rng.between(180, 360);
            placements.push(Placement {
                id: ids.next(),
                from,
                to: Some(change),
                place_code: "U6",
                ending: Some(("PLACE", true)),
            });
            placements.push(Placement {
                id: ids.next(),
                from: change + 1,
                to: end_day,
                place_code: "U4",
                ending,
            });
        } else {
            placements.push(Placement {
                id: ids.next(),
                from,
                to: end_day,
                place_code: code,
                ending,
            });
        }
        let sibling_group =
            sibling.map(|s| s.sibling_group.clone().unwrap_or_else(|| s.id.clone()));
        let delegated_authority =
            (end_day.is_none() && rng.chance(0.8)).then(|| (from + rng.between(0, 40)).min(today));
        Child {
            id: ids.next(),
            name: child_name(rng, &self.surname),
            birth: from - rng.between(0, 16 * 365),
            arrangement,
            sibling_group,
            from,
            to: end_day,
            placements,
            delegated_authority,
        }
    }
}

impl Carer {
    fn new(ids: &mut Ids, rng: &mut Rng, surname: &str, role: CarerRole, from: i32) -> Self {
        Carer {
            id: ids.next(),
            name: format!("{} {surname}", names::first_name(rng)),
            role,
            approved_from: from,
        }
    }
}

/// A first name and an initial, as many services record children.
fn child_name(rng: &mut Rng, surname: &str) -> String {
    format!("{} {}.", names::first_name(rng), &surname[..1])
}

fn place_code(rng: &mut Rng, arrangement: Arrangement) -> &'static str {
    match arrangement {
        Arrangement::Kinship => rng.weighted(&[("U1", 40), ("U2", 5), ("U3", 55)]),
        Arrangement::ResidentialLinked => rng.weighted(&[("K2", 80), ("R1", 20)]),
        _ => rng.weighted(&[("U4", 40), ("U5", 5), ("U6", 55)]),
    }
}
