//! The demo data, written to this backend and read back through the API and the pages.

use axum::http::StatusCode;
use domain::Date;
use store::demo::DemoSpec;

use crate::harness::TestApp;

fn spec() -> DemoSpec {
    DemoSpec { households: 60, years: 3, seed: 11, until: Date::parse("2026-06-30").expect("date") }
}

async fn total(app: &TestApp, path: &str) -> u64 {
    let reply = app.get(path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply.json()["total"].as_u64().expect("total")
}

#[tokio::test]
async fn the_demo_is_read_back_through_the_api_and_the_pages() {
    let app = TestApp::spawn().await;
    assert!(app.store.is_empty().await.expect("is_empty"));
    let summary = app.store.generate_demo(&spec()).await.expect("demo");
    app.manage_every_service().await;
    assert!(!app.store.is_empty().await.expect("is_empty"));
    assert!(summary.services >= 2, "{summary:?}");
    assert!(summary.sleepovers > 0 && summary.events > 0 && summary.contacts > 0, "{summary:?}");

    assert_eq!(total(&app, "/api/v1/services?per_page=100").await, summary.services);
    assert_eq!(total(&app, "/api/v1/constellations?per_page=100").await, summary.constellations);
    assert_eq!(total(&app, "/api/v1/households?per_page=100").await, summary.households);
    assert_eq!(total(&app, "/api/v1/carers?per_page=100").await, summary.carers);
    assert_eq!(total(&app, "/api/v1/children?per_page=100").await, summary.children);

    let constellations = app.get("/api/v1/constellations?per_page=100").await.json();
    for constellation in constellations["items"].as_array().expect("items") {
        let id = constellation["id"].as_str().expect("id");
        let page = app.get(&format!("/constellations/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let members = app.get(&format!("/api/v1/constellations/{id}/memberships")).await;
        assert_eq!(members.status, StatusCode::OK, "{}", members.body);
    }
    let households = app.get("/api/v1/households?per_page=5").await.json();
    for household in households["items"].as_array().expect("items") {
        let id = household["id"].as_str().expect("id");
        assert_eq!(app.get(&format!("/households/{id}")).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn the_registry_rules_hold_over_the_demo() {
    let app = TestApp::spawn().await;
    app.store.generate_demo(&spec()).await.expect("demo");
    app.manage_every_service().await;
    // A constellation with a hub today refuses a second one, as one made by hand would.
    let constellations = app.get("/api/v1/constellations?per_page=100").await.json();
    let with_hub = constellations["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["hub_household_id"].is_string() && c["service_id"].is_string())
        .expect("a constellation with a hub");
    let service = with_hub["service_id"].as_str().expect("service");
    let constellation = with_hub["id"].as_str().expect("id");
    let newcomer = app.household(service, "DEMO-NEW-1").await;
    let reply = app.join(&newcomer, constellation, "hub", "2026-06-01").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert_eq!(reply.error_fields(), vec!["role".to_string()], "{}", reply.body);
    // As a satellite it joins.
    let reply = app.join(&newcomer, constellation, "satellite", "2026-06-01").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

#[tokio::test]
async fn the_demo_fills_an_empty_database_only() {
    let app = TestApp::spawn().await;
    let summary = app.store.generate_demo(&spec()).await.expect("demo");
    app.manage_every_service().await;
    let again = app.store.generate_demo(&DemoSpec { seed: 12, ..spec() }).await;
    assert!(
        matches!(again, Err(store::Error::NotEmpty)),
        "a second demo was written over the first"
    );
    assert_eq!(total(&app, "/api/v1/households?per_page=100").await, summary.households);
}
