//! Every bad input gets a clear message that names the field, and never a 500.

use axum::http::StatusCode;
use serde_json::json;

use crate::harness::TestApp;

#[tokio::test]
async fn missing_fields_are_each_named() {
    let app = TestApp::spawn().await;
    let reply = app.post_json("/api/v1/services", &json!({})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.error_fields(), ["name", "kind", "region", "status", "joined_on"]);
    assert!(reply.body.contains("is required"));
}

#[tokio::test]
async fn over_long_text_is_refused_with_the_cap() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let reply = app
        .post_json("/api/v1/households", &json!({"service_id": service, "reference": "R".repeat(41), "display_name": "x".repeat(121), "postcode": "M1 1AE", "joined_on": "2021-01-01"}))
        .await;
    assert_eq!(reply.error_fields(), ["reference", "display_name"]);
    assert!(reply.body.contains("40 characters or fewer"), "{}", reply.body);
}

#[tokio::test]
async fn a_value_of_the_wrong_type_names_its_field() {
    let app = TestApp::spawn().await;
    let reply = app.post_json("/api/v1/services", &json!({"name": {"first": "x"}})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.error_fields(), ["name"]);
    let reply = app.post_json("/api/v1/services", &json!(["not", "an", "object"])).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let service = app.service("Northfield Fostering").await;
    let reply = app
        .post_json("/api/v1/households", &json!({"service_id": service, "reference": "A", "display_name": "A", "postcode": "M1 1AE", "joined_on": "2021-01-01", "places": "two"}))
        .await;
    assert_eq!(reply.error_fields(), ["places"]);
    assert!(reply.body.contains("whole number"));
    let garbage = app
        .request(
            axum::http::Request::post("/api/v1/services")
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{\"name\": "))
                .unwrap(),
        )
        .await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn dates_in_the_wrong_order_are_refused() {
    let app = TestApp::spawn().await;
    let reply = app
        .post_json("/api/v1/services", &json!({"name": "A", "kind": "trust", "region": "London", "status": "left", "joined_on": "2022-05-01", "left_on": "2021-05-01"}))
        .await;
    assert_eq!(reply.error_fields(), ["left_on"]);
    assert!(
        reply.body.contains("must not be earlier than the start date (2022-05-01)"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn unknown_ids_are_not_found_and_other_services_ids_are_refused() {
    let app = TestApp::spawn().await;
    let ours = app.service("Northfield Fostering").await;
    let theirs = app.service("Southbank Families").await;
    let household = app.household(&ours, "H-1").await;
    let their_constellation = app.constellation(&theirs, "Heron").await;

    let missing = uuid::Uuid::now_v7();
    for path in [
        format!("/api/v1/households/{missing}"),
        "/api/v1/households/42".into(),
        "/api/v1/nothing-here".into(),
    ] {
        let reply = app.get(&path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(reply.body.contains("errors"), "{path} answers JSON");
    }
    assert_eq!(app.get(&format!("/households/{missing}")).await.status, StatusCode::NOT_FOUND);

    let across = app.join(&household, &their_constellation, "satellite", "2022-01-01").await;
    assert_eq!(across.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(across.error_fields(), ["constellation_id"]);
    let moved = app.post_json(&format!("/api/v1/households/{household}/move"), &json!({"constellation_id": their_constellation, "role": "satellite", "on": "2022-01-01"})).await;
    assert_eq!(moved.error_fields(), ["constellation_id"]);
    let child = app.post_json("/api/v1/children", &json!({"service_id": theirs, "household_id": household, "name": "A", "birth_month": "2015-01", "arrangement": "kinship"})).await;
    assert_eq!(child.error_fields(), ["household_id"]);
    let filter = app.get("/api/v1/households?service_id=nonsense").await;
    assert_eq!(filter.error_fields(), ["service_id"]);
    let changed = app.put_json(&format!("/api/v1/households/{household}"), &json!({"service_id": theirs, "reference": "H-1", "display_name": "H", "postcode": "M1 1AE", "joined_on": "2021-01-01"})).await;
    assert_eq!(changed.error_fields(), ["service_id"]);
}

#[tokio::test]
async fn a_reference_is_unique_within_a_service() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    app.household(&service, "H-1").await;
    let again = app.post_json("/api/v1/households", &json!({"service_id": service, "reference": "H-1", "display_name": "Another", "postcode": "M1 1AE", "joined_on": "2021-01-01"})).await;
    assert_eq!(again.error_fields(), ["reference"]);
    let other = app.service("Southbank Families").await;
    app.household(&other, "H-1").await;
}

#[tokio::test]
async fn postcodes_are_normalised_and_unknown_codes_name_the_valid_ones() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let household = app.household(&service, "H-1").await;
    assert_eq!(
        app.get(&format!("/api/v1/households/{household}")).await.json()["postcode"],
        json!("M1 1AE")
    );
    let bad = app.post_json("/api/v1/households", &json!({"service_id": service, "reference": "H-2", "display_name": "A", "postcode": "12345", "joined_on": "2021-01-01"})).await;
    assert_eq!(bad.error_fields(), ["postcode"]);
    let child = app.child(&service, &household).await;
    let code = app.post_json("/api/v1/placements", &json!({"child_id": child, "household_id": household, "from_on": "2022-01-01", "place_code": "U9"})).await;
    assert_eq!(code.error_fields(), ["place_code"]);
    assert!(code.body.contains("U1, U2, U3, U4, U5, U6"), "{}", code.body);
}
