//! One service's registry: its constellations, the households' memberships over the years, and
//! who joined, moved and left. Activity is then generated on top (see `activity`).

use domain::{ConstellationStatus, LeavingReason, MembershipEnding, MembershipRole};

use super::DemoSpec;
use super::activity;
use super::clock::{Clock, Ids};
use super::names;
use super::people::Household;
use super::rng::Rng;
use super::rows::Rows;

pub(crate) struct Service<'a> {
    pub clock: &'a Clock,
    pub ids: Ids,
    pub rng: Rng,
    pub id: String,
    pub area: &'static str,
    pub households: Vec<Household>,
    pub constellations: Vec<Constellation>,
    pub memberships: Vec<Membership>,
    /// Households still to be made.
    budget: usize,
    /// Satellites that will move to another constellation, and the last day before they move.
    moves: Vec<(usize, i32)>,
}

pub(crate) struct Constellation {
    pub id: String,
    pub name: String,
    pub status: ConstellationStatus,
    pub launched: i32,
    /// The last day of everyday activity: today, or the day before it paused.
    pub active_to: i32,
    pub liaison_worker: String,
    pub members: Vec<usize>,
}

pub(crate) struct Membership {
    pub id: String,
    pub household: usize,
    pub constellation: usize,
    pub role: MembershipRole,
    pub from: i32,
    pub to: Option<(i32, MembershipEnding)>,
}

impl Membership {
    pub fn covers(&self, day: i32) -> bool {
        self.from <= day && self.to.is_none_or(|(to, _)| day <= to)
    }
}

/// Makes one service and everything in it, and adds the rows.
pub(crate) fn service(
    spec: &DemoSpec,
    clock: &Clock,
    index: usize,
    budget: usize,
    rows: &mut Rows,
) {
    let mut rng = Rng::new(spec.seed, index as u64);
    let mut ids = clock.ids(spec.seed, index);
    let mut service = Service {
        clock,
        id: ids.next(),
        area: names::postcode_area(&mut rng),
        ids,
        rng,
        households: Vec::new(),
        constellations: Vec::new(),
        memberships: Vec::new(),
        budget,
        moves: Vec::new(),
    };
    while service.budget >= 4 {
        service.constellation();
    }
    service.resolve_moves();
    while service.budget > 0 {
        // A few households have joined but wait for a place in a constellation.
        let joined = service.rng.between(clock.days - 200, clock.days);
        service.new_household(joined);
    }
    let today = clock.days;
    for h in 0..service.households.len() {
        let household = &mut service.households[h];
        household.add_children(&mut service.ids, &mut service.rng, today);
    }
    // From a stream of its own, so the rest of the demo is as it was without it.
    separate_siblings(&mut service, &mut Rng::new(spec.seed, SIBLING_STREAM + index as u64));
    activity::generate(&mut service, rows);
    service.push_rows(rows);
}

/// The random stream that places brothers and sisters apart, clear of the services' streams.
const SIBLING_STREAM: u64 = 1 << 32;

/// In about half the constellations, a brother and sister placed today in two of its satellite
/// households: the separated siblings the model keeps in touch.
fn separate_siblings(service: &mut Service, rng: &mut Rng) {
    let today = service.clock.days;
    for constellation in &service.constellations {
        if !rng.chance(0.5) {
            continue;
        }
        let mut placed = Vec::new();
        for &m in &constellation.members {
            let membership = &service.memberships[m];
            if membership.role != MembershipRole::Satellite || !membership.covers(today) {
                continue;
            }
            let h = membership.household;
            for (k, child) in service.households[h].children.iter().enumerate() {
                let here = child.arrangement.is_looked_after() && child.to.is_none();
                if here && child.sibling_group.is_none() {
                    placed.push((h, k));
                }
            }
        }
        if placed.len() < 2 {
            continue;
        }
        let first = *rng.pick(&placed);
        let others: Vec<(usize, usize)> =
            placed.iter().copied().filter(|(h, _)| *h != first.0).collect();
        if others.is_empty() {
            continue;
        }
        let second = *rng.pick(&others);
        let group = service.households[first.0].children[first.1].id.clone();
        for (h, k) in [first, second] {
            service.households[h].children[k].sibling_group = Some(group.clone());
        }
    }
}

impl Service<'_> {
    fn new_household(&mut self, joined: i32) -> usize {
        self.budget = self.budget.saturating_sub(1);
        let household = Household::new(&mut self.ids, &mut self.rng, self.area, joined);
        self.households.push(household);
        self.households.len() - 1
    }

    fn join(&mut self, household: usize, constellation: usize, role: MembershipRole, from: i32) {
        let id = self.ids.next();
        self.memberships.push(Membership { id, household, constellation, role, from, to: None });
        self.constellations[constellation].members.push(self.memberships.len() - 1);
        if role == MembershipRole::Hub {
            self.households[household].ever_hub = true;
        }
    }

    /// Makes a constellation: a hub, then 6–10 satellites (fewer while forming), with the
    /// comings and goings of the years.
    fn constellation(&mut self) {
        let days = self.clock.days;
        let rng = &mut self.rng;
        let forming = rng.chance(0.05);
        let launched =
            if forming { rng.between(days - 120, days - 10) } else { rng.between(0, days * 3 / 4) };
        let status = if forming {
            ConstellationStatus::Forming
        } else if rng.chance(0.02) {
            ConstellationStatus::Paused
        } else {
            ConstellationStatus::Active
        };
        let active_to =
            if status == ConstellationStatus::Paused { days - rng.between(30, 120) } else { days };
        let star = names::STARS[self.constellations.len() % names::STARS.len()];
        let round = self.constellations.len() / names::STARS.len();
        let name = if round == 0 { star.to_string() } else { format!("{star} {}", round + 1) };
        let liaison_worker = format!("{} {}", names::first_name(rng), names::surname(rng));
        let satellites = if forming {
            rng.between(2, 5) as usize
        } else {
            rng.weighted(&[(6, 15), (7, 25), (8, 35), (9, 15), (10, 10)])
        };
        let id = self.ids.next();
        self.constellations.push(Constellation {
            id,
            name,
            status,
            launched,
            active_to,
            liaison_worker,
            members: Vec::new(),
        });
        let c = self.constellations.len() - 1;
        let hub = self.new_household(launched);
        self.join(hub, c, MembershipRole::Hub, launched);
        for _ in 0..satellites.min(self.budget) {
            let from = (launched + self.rng.between(0, 120)).min(days);
            self.satellite_slot(c, from);
        }
        if days - launched > 3 * 365 && self.rng.chance(0.2) {
            let on = self.rng.between(launched + 365, days - 60);
            self.change_hub(c, on);
        }
    }

    /// One satellite place over the years: a household joins, may leave or move, and is replaced.
    fn satellite_slot(&mut self, c: usize, mut from: i32) {
        let days = self.clock.days;
        while from <= days && self.budget > 0 {
            let h = self.new_household(from);
            self.join(h, c, MembershipRole::Satellite, from);
            let u = 1.0 - self.rng.below(1 << 20) as f64 / (1 << 20) as f64;
            let leaves = from + (-u.ln() * 20.0 * 365.0) as i32 + 30;
            if leaves >= days {
                return;
            }
            if self.rng.chance(0.15) {
                self.moves.push((h, leaves));
            } else {
                let reason = self.rng.weighted(&[
                    (LeavingReason::Resigned, 45),
                    (LeavingReason::Retired, 30),
                    (LeavingReason::Transferred, 10),
                    (LeavingReason::Deregistered, 5),
                    (LeavingReason::Other, 10),
                ]);
                self.leave(h, leaves, reason);
            }
            from = leaves + self.rng.between(30, 240);
        }
    }

    /// Ends a household's open membership and its time in the programme.
    fn leave(&mut self, h: usize, day: i32, reason: LeavingReason) {
        self.end_open_membership(h, day, MembershipEnding::LeftProgramme);
        self.households[h].left = Some((day, reason));
    }

    fn end_open_membership(
        &mut self,
        h: usize,
        day: i32,
        ending: MembershipEnding,
    ) -> Option<usize> {
        let m = self.memberships.iter().rposition(|m| m.household == h && m.to.is_none())?;
        self.memberships[m].to = Some((day, ending));
        Some(self.memberships[m].constellation)
    }

    /// The hub hands over on `on`: a satellite steps up (or a new household comes in), and the
    /// old hub either retires or stays on as a satellite.
    fn change_hub(&mut self, c: usize, on: i32) {
        let old = self.constellations[c].members.iter().copied().find(|&m| {
            let m = &self.memberships[m];
            m.role == MembershipRole::Hub && m.to.is_none()
        });
        let Some(old) = old else { return };
        let old_household = self.memberships[old].household;
        let promoted = self.constellations[c].members.iter().copied().find(|&m| {
            let m = &self.memberships[m];
            let moving = self.moves.iter().any(|&(h, _)| h == m.household);
            m.role == MembershipRole::Satellite && m.to.is_none() && m.from < on && !moving
        });
        if self.rng.chance(0.5) {
            self.leave(old_household, on - 1, LeavingReason::Retired);
        } else {
            self.end_open_membership(old_household, on - 1, MembershipEnding::BecameHub);
            self.join(old_household, c, MembershipRole::Satellite, on);
        }
        let new_hub = match promoted {
            Some(m) => {
                let h = self.memberships[m].household;
                self.end_open_membership(h, on - 1, MembershipEnding::BecameHub);
                h
            }
            None if self.budget > 0 => self.new_household(on),
            None => return,
        };
        self.join(new_hub, c, MembershipRole::Hub, on);
    }

    /// Households that moved go to another constellation of the service from the next day.
    fn resolve_moves(&mut self) {
        for (h, day) in std::mem::take(&mut self.moves) {
            let from = self.memberships.iter().rfind(|m| m.household == h).map(|m| m.constellation);
            let open: Vec<usize> = (0..self.constellations.len())
                .filter(|&c| Some(c) != from && self.constellations[c].launched < day)
                .collect();
            if open.is_empty() {
                self.leave(h, day, LeavingReason::Transferred);
                continue;
            }
            let to = *self.rng.pick(&open);
            self.end_open_membership(h, day, MembershipEnding::MovedConstellation);
            self.join(h, to, MembershipRole::Satellite, day + 1);
        }
    }
}
