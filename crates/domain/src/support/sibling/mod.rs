//! Sibling contact (DESIGN §3): brothers and sisters placed in different households meeting
//! through the constellation. Meetings are found in what is already recorded (households that
//! brought children to the same event; sleepovers that put siblings under one roof) and can be
//! recorded directly. Only meetings of siblings from at least two households count.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::check::{list, loose};
use crate::registry::caps;
use crate::{Check, Date, Error, Id, choice};

choice!(
    /// Where a sibling contact was found.
    SiblingSource {
        Event => "event", "An event";
        Sleepover => "sleepover", "A sleepover";
        Recorded => "recorded", "Recorded";
    }
);

/// The most children one recorded meeting may name.
pub const MOST_SIBLINGS: usize = 12;
/// How far back a meeting may be recorded.
pub const OLDEST_SIBLING_CONTACT_DAYS: i32 = 400;

/// Links a child to a brother or sister, joining their sibling groups.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiblingLinkInput {
    /// The brother or sister, a child of the same service.
    #[serde(default, deserialize_with = "loose")]
    pub sibling_id: Option<String>,
}

impl SiblingLinkInput {
    /// The sibling to link `child` to: never the child itself.
    pub fn parse(&self, child: Id) -> Result<Id, Error> {
        let mut check = Check::new();
        if self.sibling_id.as_deref().is_none_or(|t| t.trim().is_empty()) {
            check.push("sibling_id", "is required: choose the brother or sister to link");
        }
        let sibling = check.id("sibling_id", &self.sibling_id);
        if sibling == child {
            check.push("sibling_id", "is this child: choose a brother or sister");
        }
        check.finish()?;
        Ok(sibling)
    }
}

/// One child at a meeting, and the household they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiblingPresent {
    pub child_id: Id,
    pub name: String,
    pub household_id: Id,
    pub household_name: String,
}

/// Brothers and sisters from different households who met through the constellation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiblingContact {
    pub source: SiblingSource,
    /// The event, the first sleepover of the stay, or the record.
    pub record_id: Id,
    /// The event's title, where the sleepover was, or how they met.
    pub what: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
    pub service_id: Id,
    pub sibling_group_id: Id,
    /// Two or more children, from two or more households.
    pub children: Vec<SiblingPresent>,
    /// Who recorded it, for a recorded meeting, and their account.
    pub recorded_by: Option<String>,
    pub recorded_by_user: Option<Id>,
}

impl SiblingContact {
    /// The children's names, as a person reads them: "Ava, Ben and Cal".
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.children.iter().map(|c| c.name.as_str()).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }

    /// Whether the caller may withdraw it: a recorded meeting, by whoever recorded it or the
    /// service's staff.
    pub fn may_withdraw(&self, scope: &crate::Scope) -> bool {
        self.source == SiblingSource::Recorded
            && (scope.may(crate::Power::KeepRecords(self.service_id))
                || self.recorded_by_user.is_some_and(|u| scope.person() == Some(u)))
    }

    /// Who met and where each came from: "Ava (Hughes household) and Ben (Kowalski family)".
    pub fn who_met(&self) -> String {
        let each: Vec<String> =
            self.children.iter().map(|c| format!("{} ({})", c.name, c.household_name)).collect();
        match each.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => each.concat(),
        }
    }

    pub fn includes(&self, child: Id) -> bool {
        self.children.iter().any(|c| c.child_id == child)
    }
}

/// A household a child lived in, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    pub household_id: Id,
    pub household_name: String,
    pub from: Date,
    /// The last day there; none while the child still lives there.
    pub to: Option<Date>,
}

/// A child of a sibling group, with where they lived: their placements or, for a child with
/// none (a carer's own son or daughter, a child under a special guardianship order), their
/// household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sibling {
    pub id: Id,
    pub name: String,
    pub group: Id,
    pub homes: Vec<Home>,
}

impl Sibling {
    pub fn home_on(&self, day: Date) -> Option<&Home> {
        self.homes.iter().find(|h| h.from <= day && h.to.is_none_or(|to| day <= to))
    }

    fn present(&self, home: &Home) -> SiblingPresent {
        SiblingPresent {
            child_id: self.id,
            name: self.name.clone(),
            household_id: home.household_id,
            household_name: home.household_name.clone(),
        }
    }
}

/// An event whose attendance is recorded: the households that brought children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSeen {
    pub id: Id,
    pub service_id: Id,
    pub title: String,
    pub on: Date,
    pub households: Vec<Id>,
}

/// A confirmed or completed sleepover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SleepoverSeen {
    pub id: Id,
    pub service_id: Id,
    pub from_household: Id,
    pub from_name: String,
    pub host_household: Id,
    pub host_name: String,
    pub first_night: Date,
    pub last_night: Date,
    pub children: Vec<Id>,
}

/// The sibling contacts found in events and sleepovers, on days `from..=to`, newest first.
/// A meeting counts once per sibling group: a stay of several nights with the same children
/// is one contact, on its first night.
pub fn find_sibling_contacts(
    siblings: &[Sibling],
    events: &[EventSeen],
    sleepovers: &[SleepoverSeen],
    from: Date,
    to: Date,
) -> Vec<SiblingContact> {
    let mut groups: BTreeMap<Id, Vec<&Sibling>> = BTreeMap::new();
    for sibling in siblings {
        groups.entry(sibling.group).or_default().push(sibling);
    }
    let mut found = Vec::new();
    for event in events.iter().filter(|e| from <= e.on && e.on <= to) {
        for (group, members) in &groups {
            let children = members
                .iter()
                .filter_map(|s| s.home_on(event.on).map(|home| s.present(home)))
                .filter(|p| event.households.contains(&p.household_id))
                .collect();
            if let Some(children) = apart(children) {
                found.push(SiblingContact {
                    source: SiblingSource::Event,
                    record_id: event.id,
                    what: event.title.clone(),
                    on: event.on,
                    service_id: event.service_id,
                    sibling_group_id: *group,
                    children,
                    recorded_by: None,
                    recorded_by_user: None,
                });
            }
        }
    }
    found.extend(stays(&groups, siblings, sleepovers, from, to));
    found.sort_by(|a, b| b.on.cmp(&a.on).then(a.what.cmp(&b.what)));
    found
}

/// Siblings under one host's roof on the same night: staying there, or living there.
fn stays(
    groups: &BTreeMap<Id, Vec<&Sibling>>,
    siblings: &[Sibling],
    sleepovers: &[SleepoverSeen],
    from: Date,
    to: Date,
) -> Vec<SiblingContact> {
    type Night = (Id, Id, Date);
    let mut nights: BTreeMap<Night, (Vec<SiblingPresent>, &SleepoverSeen)> = BTreeMap::new();
    let mut sorted: Vec<&SleepoverSeen> = sleepovers.iter().collect();
    sorted.sort_by_key(|s| (s.first_night, s.id));
    for sleepover in sorted {
        for sibling in siblings.iter().filter(|s| sleepover.children.contains(&s.id)) {
            let mut night = sleepover.first_night;
            while night <= sleepover.last_night {
                let key = (sleepover.host_household, sibling.group, night);
                let entry = nights.entry(key).or_insert_with(|| (Vec::new(), sleepover));
                entry.0.push(SiblingPresent {
                    child_id: sibling.id,
                    name: sibling.name.clone(),
                    household_id: sleepover.from_household,
                    household_name: sleepover.from_name.clone(),
                });
                night = night.add_days(1);
            }
        }
    }
    let mut found: Vec<SiblingContact> = Vec::new();
    let mut last: Option<(Night, Vec<Id>)> = None;
    for ((host, group, night), (mut children, sleepover)) in nights {
        for member in groups.get(&group).into_iter().flatten() {
            let home = member.home_on(night).filter(|h| h.household_id == host);
            if let Some(home) = home.filter(|_| !children.iter().any(|c| c.child_id == member.id)) {
                children.push(member.present(home));
            }
        }
        let Some(children) = apart(children) else { continue };
        let ids: Vec<Id> = children.iter().map(|c| c.child_id).collect();
        let continues = last.as_ref().is_some_and(|((h, g, n), before)| {
            *h == host && *g == group && n.add_days(1) == night && *before == ids
        });
        last = Some(((host, group, night), ids));
        if continues || night < from || to < night {
            continue;
        }
        found.push(SiblingContact {
            source: SiblingSource::Sleepover,
            record_id: sleepover.id,
            what: format!("Sleepover at {}", sleepover.host_name),
            on: night,
            service_id: sleepover.service_id,
            sibling_group_id: group,
            children,
            recorded_by: None,
            recorded_by_user: None,
        });
    }
    found
}

/// The children, if they came from two or more households; sorted by name.
fn apart(mut children: Vec<SiblingPresent>) -> Option<Vec<SiblingPresent>> {
    let households: BTreeSet<Id> = children.iter().map(|c| c.household_id).collect();
    if households.len() < 2 {
        return None;
    }
    children.sort_by(|a, b| a.name.cmp(&b.name).then(a.child_id.cmp(&b.child_id)));
    Some(children)
}

/// A meeting recorded directly: which children met, when, and how.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiblingContactInput {
    /// Two or more children of one sibling group, living in different households.
    #[serde(default, deserialize_with = "list")]
    pub child_ids: Option<Vec<String>>,
    /// The day they met, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "loose")]
    pub on: Option<String>,
    /// How they met: "Afternoon at the hub, then the park".
    #[serde(default, deserialize_with = "loose")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiblingContactDraft {
    pub child_ids: Vec<Id>,
    pub on: Date,
    pub note: String,
}

impl SiblingContactDraft {
    pub fn parse(input: &SiblingContactInput, today: Date) -> Result<Self, Error> {
        let mut check = Check::new();
        let child_ids = check.ids(
            "child_ids",
            input.child_ids.as_deref().unwrap_or_default(),
            MOST_SIBLINGS,
            "is required: choose the brothers and sisters who met",
        );
        if child_ids.len() == 1 {
            check.push("child_ids", "must name at least two children: the siblings who met");
        }
        let on = check.date("on", &input.on);
        if !check.has_error("on") && on > today {
            check.push("on", format!("must not be in the future (today is {today})"));
        }
        if !check.has_error("on") && on < today.add_days(-OLDEST_SIBLING_CONTACT_DAYS) {
            check.push("on", format!("must be within {OLDEST_SIBLING_CONTACT_DAYS} days"));
        }
        let note = check.opt_text("note", &input.note, caps::SHORT);
        if note.is_none() && !check.has_error("note") {
            check.push("note", "is required: say how they met, such as an afternoon at the hub");
        }
        let note = note.unwrap_or_default();
        check.finish()?;
        Ok(SiblingContactDraft { child_ids, on, note })
    }

    /// Where each child lived on the day, if the children are one sibling group placed apart.
    pub fn check_apart(&self, siblings: &[Sibling]) -> Result<Vec<SiblingPresent>, Error> {
        let mut children = Vec::new();
        let mut group = None;
        for id in &self.child_ids {
            let Some(sibling) = siblings.iter().find(|s| s.id == *id) else {
                return Err(Error::field(
                    "child_ids",
                    "must each be a child of a sibling group you can see",
                ));
            };
            if *group.get_or_insert(sibling.group) != sibling.group {
                return Err(Error::field("child_ids", "must all be of one sibling group"));
            }
            let Some(home) = sibling.home_on(self.on) else {
                return Err(Error::field(
                    "child_ids",
                    format!("{} did not live in a household on {}", sibling.name, self.on),
                ));
            };
            children.push(sibling.present(home));
        }
        apart(children).ok_or_else(|| {
            Error::field(
                "child_ids",
                "lived in one household that day: a sibling contact is between brothers and \
                 sisters placed apart",
            )
        })
    }
}

#[cfg(test)]
mod tests;
