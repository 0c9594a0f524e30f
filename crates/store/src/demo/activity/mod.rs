//! A constellation's everyday life at the rates of DESIGN §8: concerns, the hub's unavailable
//! nights, sleepovers, events with attendance, and one-to-one contacts.

mod sleepovers;
mod support;

use domain::{Choice, ConcernKind, ConcernOutcome, EventKind, LeavingReason, MembershipRole};

use super::plan::Service;
use super::rows::{Rows, T};
use sleepovers::{HubNights, sleepovers, unavailable_nights};
use support::{contacts, events};

/// The 2022–23 rates per constellation per year.
const CONTACTS: f64 = 200.0;
const SLEEPOVERS: f64 = 80.0;
const CONCERNS: f64 = 4.5;
const EVENTS: &[(EventKind, f64)] = &[
    (EventKind::Social, 16.0),
    (EventKind::Training, 5.0),
    (EventKind::PeerSupport, 4.0),
    (EventKind::Planning, 12.0),
];

pub(crate) fn generate(s: &mut Service, rows: &mut Rows) {
    resignations(s, rows);
    for c in 0..s.constellations.len() {
        concerns(s, c, rows);
    }
    let mut nights = HubNights::default();
    for c in 0..s.constellations.len() {
        unavailable_nights(s, c, rows, &mut nights);
        sleepovers(s, c, &mut nights, rows);
        events(s, c, rows);
        contacts(s, c, rows);
    }
    nights.write(s, rows);
}

impl Service<'_> {
    /// Households in a constellation on a day, with their role.
    fn members_on(&self, c: usize, day: i32) -> impl Iterator<Item = (usize, MembershipRole)> + '_ {
        self.constellations[c]
            .members
            .iter()
            .map(|&m| &self.memberships[m])
            .filter_map(move |m| m.covers(day).then_some((m.household, m.role)))
    }

    fn satellites_on(&self, c: usize, day: i32) -> Vec<usize> {
        self.members_on(c, day)
            .filter(|(_, r)| *r == MembershipRole::Satellite)
            .map(|(h, _)| h)
            .collect()
    }

    fn hub_on(&self, c: usize, day: i32) -> Option<usize> {
        self.members_on(c, day).find(|(_, r)| *r == MembershipRole::Hub).map(|(h, _)| h)
    }

    /// The days a constellation has been running: from its launch to its last active day.
    fn span(&self, c: usize) -> (i32, i32) {
        let c = &self.constellations[c];
        (c.launched, c.active_to)
    }

    fn concern(
        &mut self,
        rows: &mut Rows,
        h: usize,
        subject: (Option<usize>, Option<usize>),
        kind: ConcernKind,
        opened: i32,
        closed: Option<(i32, ConcernOutcome)>,
    ) {
        let household = &self.households[h];
        let attributed =
            closed.map(|(_, o)| o == ConcernOutcome::Stabilised && self.rng.chance(0.75));
        rows.push(
            T::Concerns,
            [
                self.ids.next().into(),
                self.id.as_str().into(),
                household.id.as_str().into(),
                subject.0.map(|k| household.children[k].id.as_str()).into(),
                subject.1.map(|k| household.carers[k].id.as_str()).into(),
                kind.as_str().into(),
                self.clock.date(opened).into(),
                closed.map(|(day, _)| self.clock.date(day)).into(),
                closed.map(|(_, outcome)| outcome.as_str()).into(),
                attributed.into(),
            ],
        );
    }
}

/// Most carers who resigned had a concern open about it first.
fn resignations(s: &mut Service, rows: &mut Rows) {
    for h in 0..s.households.len() {
        if let Some((day, LeavingReason::Resigned)) = s.households[h].left
            && s.rng.chance(0.6)
        {
            let opened = day - s.rng.between(30, 120);
            let closed = Some((day, ConcernOutcome::Resigned));
            s.concern(rows, h, (None, Some(0)), ConcernKind::CarerMayResign, opened, closed);
        }
    }
}

/// Concerns about placements and carers; a placement that broke down ends on the concern's close.
fn concerns(s: &mut Service, c: usize, rows: &mut Rows) {
    let (from, to) = s.span(c);
    for _ in 0..s.rng.count(CONCERNS, to - from) {
        // A household with no child placed on the day means trying another.
        for _ in 0..8 {
            if concern(s, c, (from, to - 1), rows) {
                break;
            }
        }
    }
}

/// Tries to open one concern on a day between `days`; false when there is nobody to be about.
fn concern(s: &mut Service, c: usize, days: (i32, i32), rows: &mut Rows) -> bool {
    let today = s.clock.days;
    let opened = s.rng.between(days.0, days.1);
    let satellites = s.satellites_on(c, opened);
    if satellites.is_empty() {
        return false;
    }
    let h = *s.rng.pick(&satellites);
    let kind = s.rng.weighted(&[
        (ConcernKind::PlacementAtRisk, 60),
        (ConcernKind::CarerMayResign, 30),
        (ConcernKind::ResidentialRisk, 10),
    ]);
    let closes = opened + s.rng.between(14, 150);
    let closes = (closes <= today).then_some(closes);
    if kind == ConcernKind::CarerMayResign {
        let outcome =
            s.rng.weighted(&[(ConcernOutcome::Stabilised, 80), (ConcernOutcome::Withdrawn, 20)]);
        s.concern(rows, h, (None, Some(0)), kind, opened, closes.map(|d| (d, outcome)));
        return true;
    }
    let placed: Vec<usize> = s.households[h]
        .cared_for_on(opened)
        .filter(|&k| s.households[h].children[k].arrangement.is_looked_after())
        .collect();
    if placed.is_empty() {
        return false;
    }
    let k = *s.rng.pick(&placed);
    let outcome = match kind {
        ConcernKind::PlacementAtRisk => s.rng.weighted(&[
            (ConcernOutcome::Stabilised, 65),
            (ConcernOutcome::Ended, 20),
            (ConcernOutcome::Withdrawn, 10),
            (ConcernOutcome::MovedToResidential, 5),
        ]),
        _ => s.rng.weighted(&[
            (ConcernOutcome::Stabilised, 55),
            (ConcernOutcome::MovedToResidential, 30),
            (ConcernOutcome::Withdrawn, 15),
        ]),
    };
    if let Some(day) = closes {
        let reason = match outcome {
            ConcernOutcome::Ended => Some(s.rng.weighted(&[
                ("CREQB", 50),
                ("CHILD", 20),
                ("ALLEG", 10),
                ("STAND", 10),
                ("CREQO", 10),
            ])),
            ConcernOutcome::MovedToResidential => Some("CARPL"),
            _ => None,
        };
        if let Some(reason) = reason {
            end_placement(s, h, k, opened, day, reason);
        }
    }
    s.concern(rows, h, (Some(k), None), kind, opened, closes.map(|d| (d, outcome)));
    true
}

/// Ends, on `day`, the placement a child was in on `opened`, unless it had already ended by then.
fn end_placement(s: &mut Service, h: usize, k: usize, opened: i32, day: i32, reason: &'static str) {
    let child = &mut s.households[h].children[k];
    let Some(p) = child
        .placements
        .iter()
        .position(|p| p.from <= opened && p.to.is_none_or(|to| opened <= to))
    else {
        return;
    };
    if child.placements[p].to.is_some_and(|to| to <= day) {
        return;
    }
    child.placements.truncate(p + 1);
    child.placements[p].to = Some(day);
    child.placements[p].ending = Some((reason, false));
    child.to = Some(day);
    child.delegated_authority = None;
}
