//! The hub's nights: the nights it is away, and sleepovers that never need more beds than it keeps.

use std::collections::HashMap;

use domain::{Choice, MembershipRole, SleepoverKind, SleepoverReason, SleepoverStatus};

use super::SLEEPOVERS;
use crate::demo::names;
use crate::demo::plan::Service;
use crate::demo::rows::{Rows, T};

/// Beds a hub keeps for sleepovers.
const HUB_BEDS: i64 = 2;

/// Each hub's nights: how many periods away cover it, and how many beds are taken.
#[derive(Default)]
pub(super) struct HubNights {
    closed: HashMap<(usize, i32), i64>,
    taken: HashMap<(usize, i32), i64>,
}

impl HubNights {
    fn blocked(&self, hub: usize, night: i32) -> bool {
        self.closed.contains_key(&(hub, night))
    }

    fn taken(&self, hub: usize, night: i32) -> i64 {
        self.taken.get(&(hub, night)).copied().unwrap_or(0)
    }

    /// One row per hub and night that had a bed taken or was away, as the store counts them.
    pub(super) fn write(self, s: &Service, rows: &mut Rows) {
        let mut keys: Vec<(usize, i32)> =
            self.closed.keys().chain(self.taken.keys()).copied().collect();
        keys.sort_unstable();
        keys.dedup();
        for (hub, night) in keys {
            rows.push(
                T::HostNights,
                [
                    s.households[hub].id.as_str().into(),
                    s.clock.date(night).into(),
                    self.taken(hub, night).into(),
                    self.closed.get(&(hub, night)).copied().unwrap_or(0).into(),
                ],
            );
        }
    }
}

/// Nights each hub is away, twice a year.
pub(super) fn unavailable_nights(
    s: &mut Service,
    c: usize,
    rows: &mut Rows,
    nights: &mut HubNights,
) {
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
            for night in first..=last {
                *nights.closed.entry((h, night)).or_default() += 1;
            }
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
}

/// Sleepovers at the hub, never more children on a night than the hub's beds, never on a night
/// the hub is away; a few are booked for the weeks ahead.
pub(super) fn sleepovers(s: &mut Service, c: usize, nights: &mut HubNights, rows: &mut Rows) {
    let (from, to) = s.span(c);
    let today = s.clock.days;
    let past = s.rng.count(SLEEPOVERS, to - from);
    let ahead = if to == today { s.rng.count(SLEEPOVERS, 30) } else { 0 };
    for i in 0..past + ahead {
        let days = if i >= past { (today + 1, today + 30) } else { (from, to) };
        // A night that is full, or a household with no child at home, means trying another.
        for _ in 0..8 {
            if sleepover(s, c, days, nights, rows) {
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
    hub_nights: &mut HubNights,
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
    let need = children.len() as i64;
    // Requests hold beds here too, so that confirming any of them would fit.
    let fits = (day..day + nights)
        .all(|n| !hub_nights.blocked(hub, n) && hub_nights.taken(hub, n) + need <= HUB_BEDS);
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
    if matches!(status, SleepoverStatus::Confirmed | SleepoverStatus::Completed) {
        for n in day..day + nights {
            *hub_nights.taken.entry((hub, n)).or_default() += need;
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
    let last_night = s.clock.date(day + nights - 1);
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
            last_night.into(),
        ],
    );
    for k in children {
        rows.push(
            T::SleepoverChildren,
            [id.as_str().into(), s.households[h].children[k].id.as_str().into(), last_night.into()],
        );
    }
    true
}
