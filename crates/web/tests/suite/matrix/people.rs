//! Who the matrix tries each route as, and what each of them reaches.

use domain::{Grant, Place, Role};

use super::records::{Kind, Records, hosts};
use crate::harness::TestApp;

/// Someone signed in with one grant, or nobody, and the records in scope to try them on.
pub struct Person {
    /// How a problem names them.
    pub who: String,
    /// `None` for nobody signed in.
    pub role: Option<Role>,
    pub app: TestApp,
    /// Household S-1's records, naming the stay the person hosts if they host one.
    pub mine: Records,
    /// Whether they reach the record of this kind in `mine`.
    pub reaches: Box<dyn Fn(Kind) -> bool>,
}

/// Everyone the matrix tries: `manager` of `mine`'s service, each other role, two satellite
/// carers of other households who host S-1's child, and nobody.
pub async fn people(app: &TestApp, manager: TestApp, mine: &Records) -> Vec<Person> {
    let grant = |role, place| Grant { role, place };
    let constellation = Place::Constellation(mine.constellation.parse().unwrap());
    let home = |id: &str| Place::Household(id.parse().unwrap());
    let by_role = |role: Role| -> Box<dyn Fn(Kind) -> bool> { Box::new(move |k| reaches(role, k)) };
    let mut people = vec![Person {
        who: format!("{:?}", Role::ServiceManager),
        role: Some(Role::ServiceManager),
        app: manager,
        mine: mine.clone(),
        reaches: by_role(Role::ServiceManager),
    }];
    for (email, role, place) in [
        ("lead@example.org", Role::ProgrammeLead, Place::Programme),
        ("liaison@example.org", Role::LiaisonWorker, constellation),
        ("hub@example.org", Role::HubCarer, constellation),
        ("satellite@example.org", Role::SatelliteCarer, home(&mine.household)),
    ] {
        people.push(Person {
            who: format!("{role:?}"),
            role: Some(role),
            app: app.as_user(email, grant(role, place)).await.0,
            mine: mine.clone(),
            reaches: by_role(role),
        });
    }
    let hosts = hosts(app, mine).await;
    let satellite = Role::SatelliteCarer;
    people.push(Person {
        who: "SatelliteCarer of S-2, hosting".into(),
        role: Some(satellite),
        app: app.as_user("host@example.org", grant(satellite, home(&hosts.hosting))).await.0,
        mine: Records { sleepover: hosts.stay, ..mine.clone() },
        reaches: Box::new(|k| neighbour_reaches(true, k)),
    });
    people.push(Person {
        who: "SatelliteCarer of S-3, hosted over a week ago".into(),
        role: Some(satellite),
        app: app.as_user("past-host@example.org", grant(satellite, home(&hosts.hosted))).await.0,
        mine: mine.clone(),
        reaches: Box::new(|k| neighbour_reaches(false, k)),
    });
    people.push(Person {
        who: "nobody".into(),
        role: None,
        app: app.anonymous(),
        mine: mine.clone(),
        reaches: Box::new(|_| false),
    });
    people
}

/// Whether a role reaches the other service's record of this kind: the programme lead sees
/// every service and constellation; no one else reaches beyond their grant.
pub fn reaches_elsewhere(role: Role, kind: Kind) -> bool {
    kind == Kind::Month
        || role == Role::ProgrammeLead && matches!(kind, Kind::Service | Kind::Constellation)
}

/// Whether a role reaches a record of this kind (the one in scope: household S-1's).
fn reaches(role: Role, kind: Kind) -> bool {
    match (role, kind) {
        (_, Kind::Token) => false,
        (_, Kind::Month) => true,
        (Role::ServiceManager | Role::LiaisonWorker, _) => true,
        (Role::HubCarer | Role::SatelliteCarer, Kind::Placement) => false,
        // What a carer confided to the hub carer is not for the other satellites (§4).
        (Role::SatelliteCarer, Kind::Contact | Kind::Concern | Kind::SiblingContact) => false,
        (Role::HubCarer | Role::SatelliteCarer, _) => true,
        (Role::ProgrammeLead, Kind::Service | Kind::Constellation) => true,
        (Role::ProgrammeLead, _) => false,
    }
}

/// Whether a satellite carer of another household in S-1's constellation reaches S-1's record
/// of this kind. `hosting`: their household hosts S-1's child now, and `mine` names that stay.
fn neighbour_reaches(hosting: bool, kind: Kind) -> bool {
    match kind {
        // The constellation, its households by first name and the hub's calendar (DESIGN §4).
        Kind::Service | Kind::Constellation | Kind::Household | Kind::Unavailable => true,
        // The constellation's calendar of events.
        Kind::Event | Kind::Month => true,
        // The stay at their home, and the child's shareable information from confirmation
        // until a week after the last night (§5.3); never S-1's stay with the hub.
        Kind::Sleepover | Kind::Child => hosting,
        // S-1's own carers and membership; no carer reaches a placement.
        Kind::Membership
        | Kind::Carer
        | Kind::Placement
        | Kind::Contact
        | Kind::SiblingContact
        | Kind::Concern
        | Kind::Token => false,
    }
}
