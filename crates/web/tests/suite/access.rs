//! Each role reaches only its own part of the data (DESIGN §4). Out of reach is 404, exactly as
//! an id that does not exist; within reach but beyond the role's powers is 403.

use axum::http::StatusCode;
use domain::{Grant, Id, Place, Role, Scope};
use serde_json::json;

use crate::harness::TestApp;

/// Two services; in the first, constellation Larkspur with a hub and a satellite, each with a
/// child placed, and a household outside any constellation.
struct World {
    app: TestApp,
    service: String,
    larkspur: String,
    hub: String,
    satellite: String,
    outsider: String,
    child: String,
    placement: String,
    other_service: String,
    other_household: String,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let larkspur = app.constellation(&service, "Larkspur").await;
    let hub = app.household(&service, "H-1").await;
    let satellite = app.household(&service, "S-1").await;
    let outsider = app.household(&service, "O-1").await;
    app.join(&hub, &larkspur, "hub", "2021-01-01").await;
    app.join(&satellite, &larkspur, "satellite", "2021-01-01").await;
    let child = app.child(&service, &satellite).await;
    let placement = app
        .create(
            "/api/v1/placements",
            json!({"child_id": child, "household_id": satellite, "from_on": "2022-01-01", "place_code": "U4"}),
        )
        .await;
    let other_service = app.service("Southbank Fostering").await;
    let other_household = app.household(&other_service, "X-1").await;
    World {
        app,
        service,
        larkspur,
        hub,
        satellite,
        outsider,
        child,
        placement,
        other_service,
        other_household,
    }
}

fn id(text: &str) -> Id {
    text.parse().unwrap()
}

#[tokio::test]
async fn a_service_manager_reaches_their_service_only() {
    let w = world().await;
    let (manager, _) = w
        .app
        .as_user(
            "manager@example.org",
            Grant { role: Role::ServiceManager, place: Place::Service(id(&w.service)) },
        )
        .await;
    assert_eq!(
        manager.get(&format!("/api/v1/households/{}", w.outsider)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        manager.get(&format!("/api/v1/placements/{}", w.placement)).await.status,
        StatusCode::OK
    );
    for path in [
        format!("/api/v1/households/{}", w.other_household),
        format!("/api/v1/services/{}", w.other_service),
        format!("/households/{}", w.other_household),
    ] {
        assert_eq!(manager.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let list = manager.get("/api/v1/households").await.json();
    assert_eq!(list["total"], json!(3), "{list}");
    let foreign = manager
        .post_json(
            "/api/v1/constellations",
            &json!({"service_id": w.other_service, "name": "Heron", "status": "forming", "launched_on": "2025-01-01"}),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(foreign.error_fields(), ["service_id"]);
    let added = manager
        .post_json(
            "/api/v1/constellations",
            &json!({"service_id": w.service, "name": "Heron", "status": "forming", "launched_on": "2025-01-01"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let service = manager
        .post_json(
            "/api/v1/services",
            &json!({"name": "Mine", "kind": "trust", "region": "London", "status": "interested", "joined_on": "2025-01-01"}),
        )
        .await;
    assert_eq!(
        service.status,
        StatusCode::FORBIDDEN,
        "only the programme adds services: {}",
        service.body
    );
}

#[tokio::test]
async fn a_liaison_worker_reaches_the_households_of_their_constellation() {
    let w = world().await;
    let grant = Grant { role: Role::LiaisonWorker, place: Place::Constellation(id(&w.larkspur)) };
    let (liaison, _) = w.app.as_user("liaison@example.org", grant).await;
    for path in [
        format!("/api/v1/households/{}", w.hub),
        format!("/api/v1/households/{}", w.satellite),
        format!("/api/v1/children/{}", w.child),
        format!("/api/v1/placements/{}", w.placement),
        format!("/api/v1/constellations/{}", w.larkspur),
    ] {
        assert_eq!(liaison.get(&path).await.status, StatusCode::OK, "{path}");
    }
    assert_eq!(
        liaison.get(&format!("/api/v1/households/{}", w.outsider)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(liaison.get("/api/v1/households").await.json()["total"], json!(2));
    let carer = liaison
        .post_json(
            "/api/v1/carers",
            &json!({"household_id": w.satellite, "name": "Ellis Marsh", "role": "main_carer", "approved_from": "2020-01-01"}),
        )
        .await;
    assert_eq!(carer.status, StatusCode::CREATED, "a liaison worker keeps records: {}", carer.body);
    let moved = liaison
        .post_json(
            "/api/v1/memberships",
            &json!({"household_id": w.satellite, "constellation_id": w.larkspur, "role": "satellite", "from_on": "2019-01-01", "to_on": "2019-06-01", "end_reason": "other"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::FORBIDDEN, "shaping the service is the manager's");
}

#[tokio::test]
async fn a_hub_carer_sees_no_placements_and_changes_no_records() {
    let w = world().await;
    let grant = Grant { role: Role::HubCarer, place: Place::Constellation(id(&w.larkspur)) };
    let (hub, _) = w.app.as_user("hub@example.org", grant).await;
    let child = hub.get(&format!("/api/v1/children/{}", w.child)).await;
    assert_eq!(child.status, StatusCode::OK);
    assert_eq!(child.json()["arrangement"], json!(null), "an arrangement can be legal detail");
    assert_eq!(child.json()["name"], json!("Juniper"), "a first name");
    let page = hub.get(&format!("/households/{}", w.satellite)).await;
    assert!(
        !page.body.contains("End membership") && !page.body.contains("M1 1AE"),
        "{}",
        page.body
    );
    assert_eq!(
        hub.get(&format!("/api/v1/placements/{}", w.placement)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        hub.get(&format!("/api/v1/children/{}/placements", w.child)).await.json(),
        json!([])
    );
    let changed = hub
        .put_json(
            &format!("/api/v1/children/{}", w.child),
            &json!({"service_id": w.service, "household_id": w.satellite, "name": "Juniper", "birth_month": "2014-06", "arrangement": "mainstream_foster"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_satellite_carer_reaches_their_own_household_and_their_neighbours_first_names() {
    let w = world().await;
    let grant = Grant { role: Role::SatelliteCarer, place: Place::Household(id(&w.satellite)) };
    let (satellite, _) = w.app.as_user("satellite@example.org", grant).await;
    let own = satellite.get(&format!("/api/v1/households/{}", w.satellite)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.json()["postcode"], json!(""), "an address is not shown to carers");
    let hub = satellite.get(&format!("/api/v1/households/{}", w.hub)).await;
    assert_eq!(hub.status, StatusCode::OK, "the hub is in their constellation");
    assert_eq!(hub.json()["display_name"], json!("Household"), "first names only");
    assert_eq!(
        satellite.get(&format!("/api/v1/households/{}", w.outsider)).await.status,
        StatusCode::NOT_FOUND,
        "a household outside their constellation"
    );
    assert_eq!(
        satellite.get(&format!("/api/v1/carers?household_id={}", w.hub)).await.json()["total"],
        json!(0),
        "the hub's carers are not theirs to see"
    );
    assert_eq!(
        satellite.get(&format!("/api/v1/constellations/{}", w.larkspur)).await.status,
        StatusCode::OK
    );
    assert_eq!(satellite.get("/api/v1/households").await.json()["total"], json!(2));
    assert_eq!(
        satellite.get(&format!("/api/v1/children/{}", w.child)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_programme_lead_sees_services_and_constellations_but_no_people() {
    let w = world().await;
    let (lead, _) = w
        .app
        .as_user("lead@example.org", Grant { role: Role::ProgrammeLead, place: Place::Programme })
        .await;
    assert_eq!(lead.get("/api/v1/services").await.json()["total"], json!(2));
    let constellation = lead.get(&format!("/api/v1/constellations/{}", w.larkspur)).await.json();
    assert_eq!(constellation["hub_name"], json!(null), "a hub's name is a carer's name");
    for list in [
        "/api/v1/households",
        "/api/v1/carers",
        "/api/v1/children",
        "/api/v1/placements",
        "/api/v1/memberships",
    ] {
        assert_eq!(lead.get(list).await.json()["total"], json!(0), "{list}");
    }
    assert_eq!(
        lead.get(&format!("/api/v1/children/{}", w.child)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(lead.get(&format!("/children/{}", w.child)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn nobody_with_no_roles_reaches_anything() {
    let w = world().await;
    let new =
        domain::access::NewUser::parse("new@example.org", "New Starter", "lantern orchard pebble")
            .unwrap();
    let user = w.app.store.add_user(&Scope::Everything, &new).await.unwrap();
    let (_, secret) = w.app.store.create_token(user, "t", 1).await.unwrap();
    let mut nobody = w.app.anonymous();
    nobody.token = secret;
    assert_eq!(nobody.get("/api/v1/services").await.json()["total"], json!(0));
    assert_eq!(
        nobody.get(&format!("/api/v1/households/{}", w.hub)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_staff_grant_elsewhere_does_not_unveil_a_carers_view() {
    let w = world().await;
    let wren = w.app.constellation(&w.service, "Wren").await;
    let staffed = w.app.household(&w.service, "W-1").await;
    w.app.join(&staffed, &wren, "hub", "2021-01-01").await;
    let hub = Grant { role: Role::HubCarer, place: Place::Constellation(id(&w.larkspur)) };
    let (person, user) = w.app.as_user("both@example.org", hub).await;
    let liaison = Grant { role: Role::LiaisonWorker, place: Place::Constellation(id(&wren)) };
    w.app.store.grant(&Scope::Everything, user, &liaison).await.unwrap();
    let (person, _) = person.as_user("both@example.org", liaison).await;
    let whole = person.get(&format!("/api/v1/households/{staffed}")).await.json();
    assert_eq!(whole["display_name"], json!("Household W-1"), "their own constellation as liaison");
    let child = person.get(&format!("/api/v1/children/{}", w.child)).await.json();
    assert_eq!(child["needs_notes"], json!(null));
    assert_eq!(child["birth_month"], json!(""), "a carer's view where they are a carer");
    let satellite = person.get(&format!("/api/v1/households/{}", w.satellite)).await.json();
    assert_eq!(satellite["postcode"], json!(""));
}

#[tokio::test]
async fn the_same_role_granted_twice_at_once_is_held_once() {
    let w = world().await;
    let new =
        domain::access::NewUser::parse("twice@example.org", "Twice Over", "lantern orchard pebble")
            .unwrap();
    let user = w.app.store.add_user(&Scope::Everything, &new).await.unwrap();
    let grant = Grant { role: Role::ServiceManager, place: Place::Service(id(&w.service)) };
    let (a, b) = tokio::join!(
        w.app.store.grant(&Scope::Everything, user, &grant),
        w.app.store.grant(&Scope::Everything, user, &grant)
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(w.app.store.grants_of(user).await.unwrap(), vec![grant]);
    let nobody = w.app.store.grant(&Scope::Everything, Id::new(), &grant).await;
    assert!(matches!(nobody, Err(store::Error::NotFound)), "{nobody:?}");
}
