//! One service's registry: its constellations, the households' memberships over the years, and
//! who joined, moved and left. Activity is then generated on top (see `activity`).

use domain::{Choice, ConstellationStatus, LeavingReason, MembershipEnding, MembershipRole};
use domain::{ServiceKind, ServiceStatus};

use super::DemoSpec;
use super::activity;
use super::clock::{Clock, Ids};
use super::names;
use super::people::Household;
use super::rng::Rng;
use super::rows::{Rows, T, Value};

pub(crate) struct Service<'a> {
    pub clock: &'a Clock,
    pub ids: Ids,
    pub rng: Rng,
    pub id: String,
    area: &'static str,
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
    activity::generate(&mut service, rows);
    service.push_rows(rows);
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

    fn push_rows(&mut self, rows: &mut Rows) {
        let clock = self.clock;
        let first = self.constellations.iter().map(|c| c.launched).min().unwrap_or(clock.days);
        let joined = first - self.rng.between(30, 200);
        let stamp = |day: i32| Value::from(clock.at(day, 9 * 60));
        let kind = self.rng.weighted(&[
            (ServiceKind::LocalAuthority, 70),
            (ServiceKind::Trust, 5),
            (ServiceKind::Ifa, 20),
            (ServiceKind::Other, 5),
        ]);
        let place = names::place(&mut self.rng);
        let name = match kind {
            ServiceKind::LocalAuthority => format!("{place} Council"),
            ServiceKind::Trust => format!("{place} Children's Trust"),
            ServiceKind::Ifa => format!("{place} Fostering"),
            ServiceKind::Other => format!("{place} Family Partnership"),
        };
        let status = if first > clock.days - 365 {
            ServiceStatus::Implementing
        } else {
            ServiceStatus::Established
        };
        let region = *self.rng.pick(names::REGIONS);
        rows.push(
            T::Services,
            [
                self.id.as_str().into(),
                name.into(),
                kind.as_str().into(),
                region.into(),
                status.as_str().into(),
                clock.date(joined).into(),
                Value::Null,
                stamp(joined),
                stamp(joined),
            ],
        );
        for c in &self.constellations {
            rows.push(
                T::Constellations,
                [
                    c.id.as_str().into(),
                    self.id.as_str().into(),
                    c.name.as_str().into(),
                    c.status.as_str().into(),
                    clock.date(c.launched).into(),
                    Value::Null,
                    c.liaison_worker.as_str().into(),
                    stamp(c.launched),
                    stamp(c.launched),
                ],
            );
        }
        for (i, h) in self.households.iter().enumerate() {
            let places = h.children.iter().filter(|c| c.arrangement.is_looked_after()).count();
            let places = (places as i64).clamp(1, 4);
            let beds = if h.ever_hub { 2 } else { i64::from(i % 3 == 0) };
            let kinds =
                if h.ever_hub { "short breaks, long-term" } else { "short-term, long-term" };
            rows.push(
                T::Households,
                [
                    h.id.as_str().into(),
                    self.id.as_str().into(),
                    format!("H-{:05}", i + 1).into(),
                    h.display_name().into(),
                    h.postcode.as_str().into(),
                    places.into(),
                    kinds.into(),
                    beds.into(),
                    clock.date(h.joined).into(),
                    h.left.map(|(day, _)| clock.date(day)).into(),
                    h.left.map(|(_, reason)| reason.as_str()).into(),
                    stamp(h.joined),
                    stamp(h.left.map_or(h.joined, |(day, _)| day)),
                ],
            );
            self.push_people(h, rows);
        }
        for m in &self.memberships {
            rows.push(
                T::Memberships,
                [
                    m.id.as_str().into(),
                    self.id.as_str().into(),
                    self.households[m.household].id.as_str().into(),
                    self.constellations[m.constellation].id.as_str().into(),
                    m.role.as_str().into(),
                    clock.date(m.from).into(),
                    m.to.map(|(day, _)| clock.date(day)).into(),
                    m.to.map(|(_, ending)| ending.as_str()).into(),
                    stamp(m.from),
                ],
            );
        }
    }

    fn push_people(&self, h: &Household, rows: &mut Rows) {
        let clock = self.clock;
        let stamp = |day: i32| Value::from(clock.at(day, 9 * 60));
        for carer in &h.carers {
            rows.push(
                T::Carers,
                [
                    carer.id.as_str().into(),
                    self.id.as_str().into(),
                    h.id.as_str().into(),
                    carer.name.as_str().into(),
                    carer.role.as_str().into(),
                    clock.date(carer.approved_from).into(),
                    h.left.map(|(day, _)| clock.date(day)).into(),
                    h.left.map(|(_, reason)| reason.as_str()).into(),
                    stamp(carer.approved_from),
                    stamp(carer.approved_from),
                ],
            );
        }
        for child in &h.children {
            let da = child.delegated_authority;
            rows.push(
                T::Children,
                [
                    child.id.as_str().into(),
                    self.id.as_str().into(),
                    child.to.is_none().then_some(h.id.as_str()).into(),
                    child.name.as_str().into(),
                    clock.month(child.birth).into(),
                    child.arrangement.as_str().into(),
                    child.sibling_group.as_deref().into(),
                    Value::Null,
                    Value::Null,
                    da.map(|_| "Child's social worker").into(),
                    da.map(|day| clock.date(day)).into(),
                    da.map(|_| "Overnight stays at the hub and short breaks in the constellation")
                        .into(),
                    da.map(|day| clock.date(day + 365)).into(),
                    stamp(child.from),
                    stamp(child.from),
                ],
            );
            for p in &child.placements {
                rows.push(
                    T::Placements,
                    [
                        p.id.as_str().into(),
                        self.id.as_str().into(),
                        child.id.as_str().into(),
                        h.id.as_str().into(),
                        clock.date(p.from).into(),
                        p.to.map(|day| clock.date(day)).into(),
                        p.place_code.into(),
                        p.ending.map(|(code, _)| code).into(),
                        p.ending.map(|(_, planned)| planned).into(),
                        stamp(p.from),
                        stamp(p.to.unwrap_or(p.from)),
                    ],
                );
            }
        }
    }
}
