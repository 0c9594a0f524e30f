use axum::http::StatusCode;
use serde_json::json;

use crate::harness::TestApp;

#[tokio::test]
async fn a_constellation_shows_its_hub_and_satellites() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let constellation = app.constellation(&service, "Larkspur").await;
    let hub = app.household(&service, "H-1").await;
    assert_eq!(
        app.join(&hub, &constellation, "hub", "2021-02-01").await.status,
        StatusCode::CREATED
    );
    for n in 0..3 {
        let satellite = app.household(&service, &format!("S-{n}")).await;
        assert_eq!(
            app.join(&satellite, &constellation, "satellite", "2021-03-01").await.status,
            StatusCode::CREATED
        );
    }
    let c = app.get(&format!("/api/v1/constellations/{constellation}")).await.json();
    assert_eq!(c["hub_household_id"], json!(hub));
    assert_eq!(c["satellites"], json!(3));
    let page = app.get(&format!("/constellations/{constellation}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Household H-1"), "the hub is named");
    assert!(
        page.body.contains("3 satellites, fewer than the 6"),
        "fewer than six is a signal: {}",
        page.body
    );
}

#[tokio::test]
async fn a_constellation_has_at_most_one_hub_at_a_time() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let constellation = app.constellation(&service, "Larkspur").await;
    let first = app.household(&service, "H-1").await;
    let second = app.household(&service, "H-2").await;
    assert_eq!(
        app.join(&first, &constellation, "hub", "2021-02-01").await.status,
        StatusCode::CREATED
    );
    let refused = app.join(&second, &constellation, "hub", "2024-01-01").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_fields(), ["role"]);
    assert!(refused.body.contains("already has a hub"), "{}", refused.body);
}

#[tokio::test]
async fn a_household_is_in_one_constellation_at_a_time() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let a = app.constellation(&service, "Larkspur").await;
    let b = app.constellation(&service, "Wren").await;
    let household = app.household(&service, "H-1").await;
    assert_eq!(
        app.join(&household, &a, "satellite", "2021-02-01").await.status,
        StatusCode::CREATED
    );
    let refused = app.join(&household, &b, "satellite", "2022-01-01").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_fields(), ["from_on"]);
}

#[tokio::test]
async fn moving_a_household_keeps_its_history() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let a = app.constellation(&service, "Larkspur").await;
    let b = app.constellation(&service, "Wren").await;
    let household = app.household(&service, "H-1").await;
    app.join(&household, &a, "satellite", "2021-02-01").await;
    let moved = app
        .post_json(
            &format!("/api/v1/households/{household}/move"),
            &json!({"constellation_id": b, "role": "satellite", "on": "2024-06-01"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::CREATED, "{}", moved.body);
    let history = app.get(&format!("/api/v1/households/{household}/memberships")).await.json();
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["constellation_id"], json!(b));
    assert_eq!(history[0]["to_on"], json!(null));
    assert_eq!(history[1]["constellation_id"], json!(a));
    assert_eq!(history[1]["to_on"], json!("2024-05-31"));
    assert_eq!(history[1]["end_reason"], json!("moved_constellation"));
    let now = app.get(&format!("/api/v1/households/{household}")).await.json();
    assert_eq!(now["constellation_id"], json!(b));
}

#[tokio::test]
async fn a_move_on_or_before_the_current_start_is_refused() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let a = app.constellation(&service, "Larkspur").await;
    let b = app.constellation(&service, "Wren").await;
    let household = app.household(&service, "H-1").await;
    app.join(&household, &a, "satellite", "2021-02-01").await;
    let refused = app
        .post_json(
            &format!("/api/v1/households/{household}/move"),
            &json!({"constellation_id": b, "role": "satellite", "on": "2021-01-01"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_fields(), ["on"]);
    let history = app.get(&format!("/api/v1/households/{household}/memberships")).await.json();
    assert_eq!(history.as_array().unwrap().len(), 1, "nothing was half-done");
}

#[tokio::test]
async fn ending_a_membership_placement_and_approval_takes_a_date_and_a_reason_once() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let a = app.constellation(&service, "Larkspur").await;
    let household = app.household(&service, "H-1").await;
    let membership = app.join(&household, &a, "satellite", "2021-02-01").await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/v1/memberships/{membership}/end");
    let early =
        app.post_json(&path, &json!({"on": "2020-01-01", "reason": "left_programme"})).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("earlier than the start"), "{}", early.body);
    let ended =
        app.post_json(&path, &json!({"on": "2023-01-31", "reason": "left_programme"})).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    assert_eq!(ended.json()["to_on"], json!("2023-01-31"));
    let again = app.post_json(&path, &json!({"on": "2023-02-28", "reason": "other"})).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    let carer = app
        .create("/api/v1/carers", json!({"household_id": household, "name": "Marlowe Finch", "role": "main_carer", "approved_from": "2019-05-01"}))
        .await;
    let end = app
        .post_json(
            &format!("/api/v1/carers/{carer}/end-approval"),
            &json!({"on": "2025-03-31", "reason": "retired"}),
        )
        .await;
    assert_eq!(end.status, StatusCode::OK, "{}", end.body);
    assert_eq!(end.json()["approval_end_reason"], json!("retired"));

    let child = app.child(&service, &household).await;
    let placement = app
        .create("/api/v1/placements", json!({"child_id": child, "household_id": household, "from_on": "2022-01-01", "place_code": "u4"}))
        .await;
    let no_reason = app
        .post_json(
            &format!("/api/v1/placements/{placement}/end"),
            &json!({"on": "2024-01-01", "reason": "BORED", "planned": "yes"}),
        )
        .await;
    assert_eq!(no_reason.error_fields(), ["reason"]);
    assert!(no_reason.body.contains("CARPL"), "the message names the valid codes");
    let ended = app
        .post_json(
            &format!("/api/v1/placements/{placement}/end"),
            &json!({"on": "2024-01-01", "reason": "carpl", "planned": false}),
        )
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    assert_eq!(ended.json()["reason_code"], json!("CARPL"));
    assert_eq!(ended.json()["planned_ending"], json!(false));
}

#[tokio::test]
async fn a_childs_placements_do_not_overlap_and_are_never_temporary() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let household = app.household(&service, "H-1").await;
    let child = app.child(&service, &household).await;
    app.create("/api/v1/placements", json!({"child_id": child, "household_id": household, "from_on": "2022-01-01", "to_on": "2022-12-31", "place_code": "U6", "reason_code": "CHILD", "planned_ending": false})).await;
    let overlapping = app.post_json("/api/v1/placements", &json!({"child_id": child, "household_id": household, "from_on": "2022-12-31", "place_code": "U4"})).await;
    assert_eq!(overlapping.error_fields(), ["from_on"]);
    let temporary = app.post_json("/api/v1/placements", &json!({"child_id": child, "household_id": household, "from_on": "2023-01-01", "place_code": "T4"})).await;
    assert_eq!(temporary.error_fields(), ["place_code"]);
    let next = app.post_json("/api/v1/placements", &json!({"child_id": child, "household_id": household, "from_on": "2023-01-01", "place_code": "U4"})).await;
    assert_eq!(next.status, StatusCode::CREATED);
    let all = app.get(&format!("/api/v1/children/{child}/placements")).await.json();
    assert_eq!(all.as_array().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hubs_joining_at_once_only_one_wins() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let service = app.service("Northfield Fostering").await;
    let constellation = app.constellation(&service, "Larkspur").await;
    let mut tasks = Vec::new();
    for n in 0..6 {
        let household = app.household(&service, &format!("H-{n}")).await;
        let (app, constellation) = (app.clone(), constellation.clone());
        tasks.push(tokio::spawn(async move {
            app.join(&household, &constellation, "hub", "2022-01-01").await
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task").status);
    }
    let won = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    assert_eq!((won, refused), (1, 5), "{statuses:?}");
}

#[tokio::test]
async fn lists_are_paged_and_searchable() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    for n in 0..30 {
        app.household(&service, &format!("REF-{n:02}")).await;
    }
    let first = app.get("/api/v1/households?per_page=10").await.json();
    assert_eq!(first["total"], json!(30));
    assert_eq!(first["items"].as_array().unwrap().len(), 10);
    let last = app.get("/api/v1/households?per_page=10&page=3").await.json();
    assert_eq!(last["items"].as_array().unwrap().len(), 10);
    let found = app.get("/api/v1/households?q=ref-07").await.json();
    assert_eq!(found["total"], json!(1));
    let wildcard = app.get("/api/v1/households?q=%25").await.json();
    assert_eq!(wildcard["total"], json!(0), "a % in the search is a character, not a wildcard");
    let html = app.get("/households?q=REF-1").await;
    assert!(html.body.contains("Showing 1 to 10 of 10 households"), "{}", html.body);
}

#[tokio::test]
async fn a_list_of_constellations_counts_each_once_with_its_hub_or_none() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let larkspur = app.constellation(&service, "Larkspur").await;
    let wren = app.constellation(&service, "Wren").await;
    let aster = app.constellation(&service, "Aster").await;
    let hub = app.household(&service, "H-1").await;
    let other_hub = app.household(&service, "H-2").await;
    for (household, constellation, role) in [
        (&hub, &larkspur, "hub"),
        (&other_hub, &aster, "hub"),
        (&app.household(&service, "S-1").await, &larkspur, "satellite"),
        (&app.household(&service, "S-2").await, &larkspur, "satellite"),
    ] {
        let joined = app.join(household, constellation, role, "2021-02-01").await;
        assert_eq!(joined.status, StatusCode::CREATED, "{}", joined.body);
    }
    let first = app.get("/api/v1/constellations?per_page=2").await.json();
    assert_eq!(first["total"], json!(3), "counted once each, hub or none");
    let names: Vec<_> =
        first["items"].as_array().unwrap().iter().map(|c| c["name"].clone()).collect();
    assert_eq!(names, [json!("Aster"), json!("Larkspur")]);
    assert_eq!(first["items"][0]["hub_household_id"], json!(other_hub));
    assert_eq!(first["items"][1]["hub_household_id"], json!(hub));
    assert_eq!(first["items"][1]["satellites"], json!(2));
    let last = app.get("/api/v1/constellations?per_page=2&page=2").await.json();
    assert_eq!(last["total"], json!(3));
    assert_eq!(last["items"].as_array().unwrap().len(), 1);
    assert_eq!(last["items"][0]["id"], json!(wren));
    assert_eq!(last["items"][0]["hub_household_id"], json!(null), "a constellation without a hub");
    let searched = app.get("/api/v1/constellations?q=wr").await.json();
    assert_eq!(searched["total"], json!(1));
}
