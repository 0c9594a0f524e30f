use super::*;

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

struct World {
    group: Id,
    homes: [Id; 3],
    hub: Id,
}

impl World {
    fn new() -> Self {
        World { group: Id::new(), homes: [Id::new(), Id::new(), Id::new()], hub: Id::new() }
    }

    fn home(&self, at: Id, from: &str, to: Option<&str>) -> Home {
        Home { household_id: at, household_name: format!("{at}"), from: d(from), to: to.map(d) }
    }

    /// A child of the group, living in `homes[at]` since 2020.
    fn sibling(&self, name: &str, at: usize) -> Sibling {
        Sibling {
            id: Id::new(),
            name: name.into(),
            group: self.group,
            homes: vec![self.home(self.homes[at], "2020-01-01", None)],
        }
    }

    fn event(&self, on: &str, households: Vec<Id>) -> EventSeen {
        EventSeen {
            id: Id::new(),
            service_id: Id::default(),
            title: "Picnic".into(),
            on: d(on),
            households,
        }
    }

    fn stay(&self, child: &Sibling, from: Id, host: Id, first: &str, last: &str) -> SleepoverSeen {
        SleepoverSeen {
            id: Id::new(),
            service_id: Id::default(),
            from_household: from,
            from_name: "From".into(),
            host_household: host,
            host_name: "Hub".into(),
            first_night: d(first),
            last_night: d(last),
            children: vec![child.id],
        }
    }
}

fn find(
    siblings: &[Sibling],
    events: &[EventSeen],
    stays: &[SleepoverSeen],
) -> Vec<SiblingContact> {
    find_sibling_contacts(siblings, events, stays, d("2026-11-01"), d("2026-11-30"))
}

#[test]
fn siblings_whose_households_both_brought_children_to_an_event_met() {
    let w = World::new();
    let (ava, ben) = (w.sibling("Ava", 0), w.sibling("Ben", 1));
    let event = w.event("2026-11-14", vec![w.homes[0], w.homes[1], w.hub]);
    let found = find(&[ava.clone(), ben.clone()], std::slice::from_ref(&event), &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].source, SiblingSource::Event);
    assert_eq!(found[0].record_id, event.id);
    assert_eq!(found[0].names(), "Ava and Ben");
    assert_eq!(found[0].on, d("2026-11-14"));

    let one_side = w.event("2026-11-14", vec![w.homes[0], w.hub]);
    assert!(find(&[ava.clone(), ben.clone()], &[one_side], &[]).is_empty());
    let outside = w.event("2026-10-31", vec![w.homes[0], w.homes[1]]);
    assert!(find(&[ava, ben], &[outside], &[]).is_empty());
}

#[test]
fn siblings_placed_together_are_not_a_sibling_contact() {
    let w = World::new();
    let event = w.event("2026-11-14", vec![w.homes[0], w.homes[1]]);
    let together = [w.sibling("Ava", 0), w.sibling("Ben", 0)];
    assert!(find(&together, &[event], &[]).is_empty());
}

#[test]
fn where_a_child_lived_is_read_on_the_day_from_their_placements() {
    let w = World::new();
    let ava = w.sibling("Ava", 0);
    let mut ben = w.sibling("Ben", 1);
    // Ben moved in with Ava on 10 November: by the event they live together.
    ben.homes = vec![
        w.home(w.homes[1], "2020-01-01", Some("2026-11-09")),
        w.home(w.homes[0], "2026-11-10", None),
    ];
    let before = w.event("2026-11-05", vec![w.homes[0], w.homes[1]]);
    let after = w.event("2026-11-20", vec![w.homes[0], w.homes[1]]);
    let found = find(&[ava, ben], &[before, after], &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].on, d("2026-11-05"));
}

#[test]
fn a_child_staying_where_a_sibling_lives_meets_them_once_per_stay() {
    let w = World::new();
    let (ava, ben) = (w.sibling("Ava", 0), w.sibling("Ben", 1));
    // Ava stays three nights at Ben's household.
    let stay = w.stay(&ava, w.homes[0], w.homes[1], "2026-11-06", "2026-11-08");
    let found = find(&[ava, ben], &[], std::slice::from_ref(&stay));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].source, SiblingSource::Sleepover);
    assert_eq!(found[0].record_id, stay.id);
    assert_eq!(found[0].on, d("2026-11-06"));
    let homes: Vec<Id> = found[0].children.iter().map(|c| c.household_id).collect();
    assert_eq!(homes, [w.homes[0], w.homes[1]]);
}

#[test]
fn siblings_from_two_households_sleeping_over_at_the_hub_together_met() {
    let w = World::new();
    let (ava, ben, cal) = (w.sibling("Ava", 0), w.sibling("Ben", 1), w.sibling("Cal", 2));
    let stays = [
        w.stay(&ava, w.homes[0], w.hub, "2026-11-06", "2026-11-07"),
        w.stay(&ben, w.homes[1], w.hub, "2026-11-07", "2026-11-08"),
        // Cal stays at the hub a week later: alone, so no contact.
        w.stay(&cal, w.homes[2], w.hub, "2026-11-14", "2026-11-14"),
    ];
    let found = find(&[ava, ben, cal], &[], &stays);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].on, d("2026-11-07"));
    assert_eq!(found[0].names(), "Ava and Ben");
}

#[test]
fn a_stay_that_began_last_month_is_counted_in_that_month() {
    let w = World::new();
    let (ava, ben) = (w.sibling("Ava", 0), w.sibling("Ben", 1));
    let stay = w.stay(&ava, w.homes[0], w.homes[1], "2026-10-30", "2026-11-02");
    assert!(find(&[ava.clone(), ben.clone()], &[], std::slice::from_ref(&stay)).is_empty());
    let october =
        find_sibling_contacts(&[ava, ben], &[], &[stay], d("2026-10-01"), d("2026-10-31"));
    assert_eq!(october.len(), 1);
}

#[test]
fn a_recorded_meeting_needs_two_siblings_placed_apart_on_a_past_day() {
    let today = d("2026-11-23");
    let w = World::new();
    let (ava, ben, cal) = (w.sibling("Ava", 0), w.sibling("Ben", 1), w.sibling("Cal", 1));
    let input = |ids: Vec<Id>, on: &str, note: &str| SiblingContactInput {
        child_ids: Some(ids.iter().map(Id::to_string).collect()),
        on: Some(on.into()),
        note: Some(note.into()),
    };
    let fields = |input: SiblingContactInput| -> Vec<String> {
        let error = SiblingContactDraft::parse(&input, today).unwrap_err();
        error.fields().iter().map(|e| e.field.clone()).collect()
    };
    assert_eq!(fields(input(vec![ava.id], "2026-11-20", "Park")), ["child_ids"]);
    assert_eq!(fields(input(vec![ava.id, ben.id], "2026-11-24", "Park")), ["on"]);
    assert_eq!(fields(input(vec![ava.id, ben.id], "2020-01-01", "")), ["on", "note"]);
    let long = "x".repeat(caps::SHORT + 1);
    assert_eq!(fields(input(vec![ava.id, ben.id], "2026-11-20", &long)), ["note"]);

    let siblings = [ava.clone(), ben.clone(), cal.clone()];
    let draft =
        SiblingContactDraft::parse(&input(vec![ava.id, ben.id], "2026-11-20", "Park"), today)
            .unwrap();
    let present = draft.check_apart(&siblings).unwrap();
    assert_eq!(present.len(), 2);

    let together = SiblingContactDraft { child_ids: vec![ben.id, cal.id], ..draft.clone() };
    assert!(together.check_apart(&siblings).is_err());
    let stranger = w.sibling("Dee", 2);
    let other_group = Sibling { group: Id::new(), ..stranger };
    let mixed = SiblingContactDraft { child_ids: vec![ava.id, other_group.id], ..draft.clone() };
    let error = mixed.check_apart(&[ava.clone(), other_group]).unwrap_err();
    assert!(error.to_string().contains("one sibling group"), "{error}");
    let unknown = SiblingContactDraft { child_ids: vec![ava.id, Id::new()], ..draft };
    assert!(unknown.check_apart(&siblings).is_err());
}

#[test]
fn a_child_is_not_linked_to_themself() {
    let child = Id::new();
    let input = SiblingLinkInput { sibling_id: Some(child.to_string()) };
    assert!(input.parse(child).is_err());
    let other = Id::new();
    assert_eq!(
        SiblingLinkInput { sibling_id: Some(other.to_string()) }.parse(child).unwrap(),
        other
    );
}
