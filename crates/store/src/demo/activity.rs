//! A constellation's everyday life at the rates of DESIGN §8: concerns, the hub's unavailable
//! nights, sleepovers, events with attendance, and one-to-one contacts.

use std::collections::{HashMap, HashSet};

use domain::{Choice, ConcernKind, ConcernOutcome, ContactChannel, EventKind, LeavingReason};
use domain::{MembershipRole, SleepoverKind, SleepoverReason, SleepoverStatus};

use super::names;
use super::plan::Service;
use super::rows::{Rows, T};

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
/// Beds a hub keeps for sleepovers.
const HUB_BEDS: u8 = 2;

pub(crate) fn generate(s: &mut Service, rows: &mut Rows) {
    resignations(s, rows);
    for c in 0..s.constellations.len() {
        concerns(s, c, rows);
    }
    for c in 0..s.constellations.len() {
        let blocked = unavailable_nights(s, c, rows);
        sleepovers(s, c, &blocked, rows);
        events(s, c, rows);
        contacts(s, c, rows);
    }
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

/// Nights each hub is away, twice a year; returns the blocked nights.
fn unavailable_nights(s: &mut Service, c: usize, rows: &mut Rows) -> HashSet<i32> {
    let mut blocked = HashSet::new();
    let (_, to) = s.span(c);
    let hubs: Vec<(usize, i32, i32)> = s.constellations[c]
        .members
        .iter()
        .map(|&m| &s.memberships[m])
        .filter(|m| m.role == MembershipRole::Hub)
        .map(|m| (m.household, m.from, m.to.map_or(to + 30, |(day, _)| day)))
        .collect();
    for (h, from, until) in hubs {
        for _ in 0..s.rng.count(2.0, until - from) {
            let first = s.rng.between(from, until);
            let last = (first + s.rng.between(2, 9)).min(until);
            blocked.extend(first..=last);
            rows.push(
                T::HubUnavailableNights,
                [
                    s.ids.next().into(),
                    s.id.as_str().into(),
                    s.households[h].id.as_str().into(),
                    s.clock.date(first).into(),
                    s.clock.date(last).into(),
                    (*s.rng.pick(names::UNAVAILABLE_REASONS)).into(),
                    s.clock.at(first - 14, 20 * 60).into(),
                ],
            );
        }
    }
    blocked
}

/// Sleepovers at the hub, never more children on a night than the hub's beds, never on a night
/// the hub is away; a few are booked for the weeks ahead.
fn sleepovers(s: &mut Service, c: usize, blocked: &HashSet<i32>, rows: &mut Rows) {
    let (from, to) = s.span(c);
    let today = s.clock.days;
    let past = s.rng.count(SLEEPOVERS, to - from);
    let ahead = if to == today { s.rng.count(SLEEPOVERS, 30) } else { 0 };
    let mut beds: HashMap<i32, u8> = HashMap::new();
    for i in 0..past + ahead {
        let days = if i >= past { (today + 1, today + 30) } else { (from, to) };
        // A night that is full, or a household with no child at home, means trying another.
        for _ in 0..8 {
            if sleepover(s, c, days, blocked, &mut beds, rows) {
                break;
            }
        }
    }
}

/// Tries to book one sleepover on a day between `days`; false when it does not fit.
fn sleepover(
    s: &mut Service,
    c: usize,
    days: (i32, i32),
    blocked: &HashSet<i32>,
    beds: &mut HashMap<i32, u8>,
    rows: &mut Rows,
) -> bool {
    let today = s.clock.days;
    let day = s.rng.between(days.0, days.1);
    let future = day > today;
    let (Some(hub), satellites) = (s.hub_on(c, day), s.satellites_on(c, day)) else { return false };
    if satellites.is_empty() {
        return false;
    }
    let h = *s.rng.pick(&satellites);
    let cared: Vec<usize> = s.households[h].cared_for_on(day).collect();
    if cared.is_empty() {
        return false;
    }
    let k = *s.rng.pick(&cared);
    let group = s.households[h].children[k].sibling_group.clone();
    let mut children = vec![k];
    children.extend(cared.iter().copied().filter(|&o| {
        o != k && group.is_some() && s.households[h].children[o].sibling_group == group
    }));
    let kind = if s.rng.chance(0.8) { SleepoverKind::Planned } else { SleepoverKind::Emergency };
    let (reason, nights) = match kind {
        SleepoverKind::Planned => {
            let reason = s.rng.weighted(&[
                (SleepoverReason::Respite, 60),
                (SleepoverReason::SiblingTime, 10),
                (SleepoverReason::CarerUnavailable, 20),
                (SleepoverReason::Other, 10),
            ]);
            (reason, s.rng.weighted(&[(1, 30), (2, 40), (3, 20), (4, 4), (5, 3), (7, 3)]))
        }
        SleepoverKind::Emergency => {
            let reason = s.rng.weighted(&[
                (SleepoverReason::Crisis, 70),
                (SleepoverReason::CarerUnavailable, 30),
            ]);
            (reason, s.rng.between(1, 2))
        }
    };
    let need = children.len() as u8;
    let fits = (day..day + nights)
        .all(|n| !blocked.contains(&n) && beds.get(&n).copied().unwrap_or(0) + need <= HUB_BEDS);
    if !fits {
        return false;
    }
    let status = if future {
        s.rng.weighted(&[(SleepoverStatus::Requested, 40), (SleepoverStatus::Confirmed, 60)])
    } else {
        s.rng.weighted(&[
            (SleepoverStatus::Completed, 86),
            (SleepoverStatus::Cancelled, 8),
            (SleepoverStatus::Declined, 6),
        ])
    };
    if matches!(
        status,
        SleepoverStatus::Requested | SleepoverStatus::Confirmed | SleepoverStatus::Completed
    ) {
        for n in day..day + nights {
            *beds.entry(n).or_default() += need;
        }
    }
    let (asked_day, asked_at) = match kind {
        SleepoverKind::Planned => {
            ((day - s.rng.between(3, 30)).min(today), s.rng.between(18 * 60, 22 * 60))
        }
        SleepoverKind::Emergency => (day.min(today), s.rng.between(16 * 60, 22 * 60)),
    };
    let answered = (status != SleepoverStatus::Requested).then(|| {
        let wait = match kind {
            SleepoverKind::Planned => s.rng.between(30, 900),
            SleepoverKind::Emergency => s.rng.between(5, 60),
        };
        let minutes = asked_at + wait;
        s.clock.at(asked_day + minutes / 1440, minutes % 1440)
    });
    let id = s.ids.next();
    let note = s.rng.chance(0.1).then_some("Bring school uniform and reading book.");
    rows.push(
        T::Sleepovers,
        [
            id.as_str().into(),
            s.id.as_str().into(),
            s.households[h].id.as_str().into(),
            s.households[hub].id.as_str().into(),
            s.clock.date(day).into(),
            i64::from(nights).into(),
            kind.as_str().into(),
            status.as_str().into(),
            reason.as_str().into(),
            note.into(),
            s.clock.at(asked_day, asked_at).into(),
            answered.into(),
        ],
    );
    for k in children {
        rows.push(
            T::SleepoverChildren,
            [id.as_str().into(), s.households[h].children[k].id.as_str().into()],
        );
    }
    true
}

/// Social activities, training, peer support and monthly planning, with who came.
fn events(s: &mut Service, c: usize, rows: &mut Rows) {
    let (from, to) = s.span(c);
    let today = s.clock.days;
    for &(kind, per_year) in EVENTS {
        let past = s.rng.count(per_year, to - from);
        let ahead = if to == today { s.rng.count(per_year, 60) } else { 0 };
        for i in 0..past + ahead {
            let future = i >= past;
            let day =
                if future { s.rng.between(today + 1, today + 60) } else { s.rng.between(from, to) };
            let (title, starts) = match kind {
                EventKind::Social => (
                    (*s.rng.pick(names::SOCIAL_TITLES)).to_string(),
                    if s.rng.chance(0.5) { 630 } else { 780 },
                ),
                EventKind::Training => (
                    (*s.rng.pick(names::TRAINING_TITLES)).to_string(),
                    if s.rng.chance(0.5) { 600 } else { 1110 },
                ),
                EventKind::PeerSupport => ("Peer support evening".to_string(), 1140),
                EventKind::Planning => {
                    (format!("{} joint planning", s.constellations[c].name), 600)
                }
            };
            let cancelled = !future && s.rng.chance(0.04);
            let id = s.ids.next();
            rows.push(
                T::Events,
                [
                    id.as_str().into(),
                    s.id.as_str().into(),
                    s.constellations[c].id.as_str().into(),
                    kind.as_str().into(),
                    title.into(),
                    s.clock.at(day, starts).into(),
                    cancelled.into(),
                ],
            );
            if future || cancelled {
                continue;
            }
            let members: Vec<(usize, MembershipRole)> = s.members_on(c, day).collect();
            for (h, role) in members {
                let always = role == MembershipRole::Hub
                    && matches!(kind, EventKind::Planning | EventKind::PeerSupport);
                let likely = match kind {
                    EventKind::Social => 0.55,
                    EventKind::Training => 0.35,
                    EventKind::PeerSupport => 0.45,
                    EventKind::Planning => 0.6,
                };
                if !always && !s.rng.chance(likely) {
                    continue;
                }
                let adults = if kind == EventKind::Training && s.rng.chance(0.8) {
                    1
                } else {
                    s.rng.between(1, 2)
                };
                let children = if kind == EventKind::Social {
                    let home = s.households[h]
                        .children
                        .iter()
                        .filter(|k| k.from <= day && k.to.is_none_or(|t| day <= t))
                        .count();
                    s.rng.between(0, home.min(3) as i32)
                } else {
                    0
                };
                rows.push(
                    T::Attendances,
                    [
                        id.as_str().into(),
                        s.households[h].id.as_str().into(),
                        i64::from(adults).into(),
                        i64::from(children).into(),
                    ],
                );
            }
        }
    }
}

/// One-to-one support contacts, mostly from the hub carer, some from the liaison worker.
fn contacts(s: &mut Service, c: usize, rows: &mut Rows) {
    let (from, to) = s.span(c);
    for _ in 0..s.rng.count(CONTACTS, to - from) {
        let day = s.rng.between(from, to);
        let satellites = s.satellites_on(c, day);
        let Some(hub) = s.hub_on(c, day) else { continue };
        if satellites.is_empty() {
            continue;
        }
        let h = *s.rng.pick(&satellites);
        let made_by = if s.rng.chance(0.85) {
            s.households[hub].carers[0].name.clone()
        } else {
            s.constellations[c].liaison_worker.clone()
        };
        let channel = s.rng.weighted(&[
            (ContactChannel::Phone, 50),
            (ContactChannel::InPerson, 25),
            (ContactChannel::Message, 15),
            (ContactChannel::Video, 10),
        ]);
        let minutes = match channel {
            ContactChannel::Phone => s.rng.between(5, 45),
            ContactChannel::InPerson => s.rng.between(30, 120),
            ContactChannel::Video => s.rng.between(15, 60),
            ContactChannel::Message => s.rng.between(2, 10),
        };
        let first = s.rng.below(names::TOPICS.len() as u64) as usize;
        let many = s.rng.between(1, 3) as usize;
        let topics: Vec<&str> =
            (0..many).map(|i| names::TOPICS[(first + i * 3) % names::TOPICS.len()]).collect();
        let note = s.rng.chance(0.1).then_some("Follow-up agreed.");
        let at = s.clock.at(day, s.rng.between(8 * 60 + 30, 21 * 60 + 30));
        rows.push(
            T::Contacts,
            [
                s.ids.next().into(),
                s.id.as_str().into(),
                s.households[h].id.as_str().into(),
                made_by.into(),
                at.into(),
                channel.as_str().into(),
                i64::from(minutes).into(),
                topics.join(", ").into(),
                note.into(),
            ],
        );
    }
}
