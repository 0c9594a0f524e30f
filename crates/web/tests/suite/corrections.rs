//! Putting right a membership or a placement that was recorded wrongly: the rules still hold,
//! the record does not clash with itself, and what identifies it cannot be swapped.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestApp;

fn id(reply: &crate::harness::Reply) -> String {
    reply.json()["id"].as_str().expect("the reply has an id").to_string()
}

#[tokio::test]
async fn a_membership_is_corrected_without_clashing_with_itself() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let larkspur = app.constellation(&service, "Larkspur").await;
    let hub = app.household(&service, "H-1").await;
    let membership = id(&app.join(&hub, &larkspur, "hub", "2021-02-01").await);

    let corrected = app
        .put_json(
            &format!("/api/v1/memberships/{membership}"),
            &json!({"household_id": hub, "constellation_id": larkspur, "role": "hub", "from_on": "2020-11-15"}),
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
    assert_eq!(corrected.json()["from_on"], json!("2020-11-15"));
    assert_eq!(corrected.json()["role"], json!("hub"));

    let ended = app
        .put_json(
            &format!("/api/v1/memberships/{membership}"),
            &json!({"household_id": hub, "constellation_id": larkspur, "role": "hub",
                    "from_on": "2020-11-15", "to_on": "2020-10-01", "end_reason": "left_programme"}),
        )
        .await;
    assert_eq!(ended.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ended.error_fields(), ["to_on"], "an end before the start is refused");
}

#[tokio::test]
async fn a_correction_keeps_to_the_one_hub_and_one_constellation_rules() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let larkspur = app.constellation(&service, "Larkspur").await;
    let wren = app.constellation(&service, "Wren").await;
    let first = app.household(&service, "H-1").await;
    let second = app.household(&service, "H-2").await;
    app.join(&first, &larkspur, "hub", "2021-02-01").await;
    let satellite = id(&app.join(&second, &larkspur, "satellite", "2021-03-01").await);

    let second_hub = app
        .put_json(
            &format!("/api/v1/memberships/{satellite}"),
            &json!({"household_id": second, "constellation_id": larkspur, "role": "hub", "from_on": "2021-03-01"}),
        )
        .await;
    assert_eq!(second_hub.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(second_hub.error_fields(), ["role"]);

    let to_wren = app
        .put_json(
            &format!("/api/v1/memberships/{satellite}"),
            &json!({"household_id": second, "constellation_id": wren, "role": "hub", "from_on": "2021-03-01"}),
        )
        .await;
    assert_eq!(to_wren.status, StatusCode::OK, "{}", to_wren.body);
    assert_eq!(to_wren.json()["constellation_name"], json!("Wren"));

    let swapped = app
        .put_json(
            &format!("/api/v1/memberships/{satellite}"),
            &json!({"household_id": first, "constellation_id": wren, "role": "hub", "from_on": "2021-03-01"}),
        )
        .await;
    assert_eq!(swapped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(swapped.error_fields(), ["household_id"]);

    let elsewhere = app.service("Southbank Fostering").await;
    let theirs = app.constellation(&elsewhere, "Heron").await;
    let foreign = app
        .put_json(
            &format!("/api/v1/memberships/{satellite}"),
            &json!({"household_id": second, "constellation_id": theirs, "role": "satellite", "from_on": "2021-03-01"}),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(foreign.error_fields(), ["constellation_id"]);

    let history = app.get(&format!("/api/v1/memberships?household_id={second}")).await.json();
    assert_eq!(history["total"], json!(1), "a correction changes the record, it adds none");
    assert_eq!(history["items"][0]["constellation_name"], json!("Wren"));
}

#[tokio::test]
async fn a_placement_is_corrected_and_still_may_not_overlap() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let household = app.household(&service, "H-1").await;
    let other = app.household(&service, "H-2").await;
    let child = app.child(&service, &household).await;
    let earlier = app.create("/api/v1/placements", json!({"child_id": child, "household_id": household, "from_on": "2021-01-01", "to_on": "2021-12-31", "place_code": "U6", "reason_code": "CHILD", "planned_ending": false})).await;
    let current = app
        .create(
            "/api/v1/placements",
            json!({"child_id": child, "household_id": household, "from_on": "2022-03-01", "place_code": "U4"}),
        )
        .await;

    let body = |from: &str, household: &str| -> Value {
        json!({"child_id": child, "household_id": household, "from_on": from, "place_code": "U5"})
    };
    let moved_earlier =
        app.put_json(&format!("/api/v1/placements/{current}"), &body("2022-02-01", &other)).await;
    assert_eq!(moved_earlier.status, StatusCode::OK, "{}", moved_earlier.body);
    assert_eq!(moved_earlier.json()["place_code"], json!("U5"));
    assert_eq!(moved_earlier.json()["household_id"], json!(other));

    let overlapping =
        app.put_json(&format!("/api/v1/placements/{current}"), &body("2021-12-31", &other)).await;
    assert_eq!(overlapping.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(overlapping.error_fields(), ["from_on"]);

    let another_child = app.child(&service, &household).await;
    let swapped = app
        .put_json(
            &format!("/api/v1/placements/{earlier}"),
            &json!({"child_id": another_child, "household_id": household, "from_on": "2021-01-01", "place_code": "U4"}),
        )
        .await;
    assert_eq!(swapped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(swapped.error_fields(), ["child_id"]);

    let listed = app.get(&format!("/api/v1/placements?child_id={child}&per_page=1")).await.json();
    assert_eq!(listed["total"], json!(2));
    assert_eq!(listed["items"][0]["id"], json!(current), "newest first");
    let by_household = app.get(&format!("/api/v1/placements?household_id={other}")).await.json();
    assert_eq!(by_household["total"], json!(1));
    let unknown = app
        .put_json(&format!("/api/v1/placements/{}", uuid_like()), &body("2022-02-01", &other))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_correction_forms_save_and_explain_a_clash() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let larkspur = app.constellation(&service, "Larkspur").await;
    let first = app.household(&service, "H-1").await;
    let second = app.household(&service, "H-2").await;
    app.join(&first, &larkspur, "hub", "2021-02-01").await;
    let satellite = id(&app.join(&second, &larkspur, "satellite", "2021-03-01").await);

    let household_page = app.get(&format!("/households/{second}")).await;
    assert!(household_page.body.contains(&format!("/memberships/{satellite}/edit")));

    let clash = app
        .post_form(
            &format!("/memberships/{satellite}/edit"),
            &[
                ("household_id", &second),
                ("constellation_id", &larkspur),
                ("role", "hub"),
                ("from_on", "2021-03-01"),
            ],
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", clash.body);
    assert!(clash.body.contains("already has a hub"), "{}", clash.body);
    assert!(clash.body.contains("value=\"2021-03-01\""), "the answers are kept");

    let saved = app
        .post_form(
            &format!("/memberships/{satellite}/edit"),
            &[
                ("household_id", &second),
                ("constellation_id", &larkspur),
                ("role", "satellite"),
                ("from_on", "2021-04-01"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some(format!("/households/{second}").as_str()));
    let m = app.get(&format!("/api/v1/memberships/{satellite}")).await.json();
    assert_eq!(m["from_on"], json!("2021-04-01"));
}

fn uuid_like() -> String {
    "0196d8a0-0000-7000-8000-000000000000".into()
}
