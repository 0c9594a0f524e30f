//! What the hub offers besides nights: social activities, training, peer support and planning
//! events with who came, and one-to-one support contacts.

use domain::support::ContactTopic;
use domain::{Choice, ContactChannel, EventKind, MembershipRole};

use super::{CONTACTS, EVENTS};
use crate::demo::names;
use crate::demo::plan::Service;
use crate::demo::rows::{Rows, T};

/// Social activities, training, peer support and monthly planning, with who came.
pub(super) fn events(s: &mut Service, c: usize, rows: &mut Rows) {
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
pub(super) fn contacts(s: &mut Service, c: usize, rows: &mut Rows) {
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
        let first = s.rng.below(ContactTopic::ALL.len() as u64) as usize;
        let many = s.rng.between(1, 2) as usize;
        let topics = ContactTopic::read_stored(
            &(0..many)
                .map(|i| ContactTopic::ALL[(first + i * 2) % ContactTopic::ALL.len()].as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
        let topics: Vec<&str> = topics.iter().map(|t| t.as_str()).collect();
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
                topics.join(",").into(),
                note.into(),
            ],
        );
    }
}
