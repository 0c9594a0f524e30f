//! The registry rows of a planned service: the service, its constellations and memberships, and
//! each household with its carers, children and placements.

use domain::{Choice, ServiceKind, ServiceStatus};

use super::names;
use super::people::Household;
use super::plan::Service;
use super::rows::{Rows, T, Value};

impl Service<'_> {
    pub(super) fn push_rows(&mut self, rows: &mut Rows) {
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
