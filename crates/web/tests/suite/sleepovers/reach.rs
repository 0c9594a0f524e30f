//! Who reaches a sleepover and its children, and what it never touches: another service, a placement.

use axum::http::StatusCode;
use domain::{Date, Grant, Place, Role};
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_satellite_host_sees_the_child_from_confirmation_until_a_week_after() {
    let c = constellation(2, 2).await;
    let rules = json!({"sleepover_nights": 3, "short_break_nights": 7, "notice_days": 0, "yearly_nights": 28, "satellites_may_host": true});
    c.app.put_json(&format!("/api/v1/services/{}/sleepover-rules", c.service), &rules).await;
    let (guest_home, host_home) = (&c.satellites[0], &c.satellites[1]);
    let child = &c.children[0][0];
    let host = c.satellite_carer("host@example.org", host_home).await;
    let path = format!("/api/v1/children/{child}");
    assert_eq!(host.get(&path).await.status, StatusCode::NOT_FOUND);
    let mut body = ask(guest_home, &[child], &days_ahead(0), 1);
    body["host_household_id"] = json!(host_home);
    let stay = c.app.create("/api/v1/sleepovers", body).await;
    assert_eq!(host.get(&path).await.status, StatusCode::NOT_FOUND, "not before it is confirmed");
    assert_eq!(
        host.post_json(&format!("/api/v1/sleepovers/{stay}/confirm"), &json!({})).await.status,
        StatusCode::OK
    );
    let seen = host.get(&path).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.json()["name"], "Juniper0x0", "first name only");
    // Eight days after the last night the view has gone.
    let pool = c.app.pool().await;
    let past = Date::today().add_days(-8);
    sqlx::query("UPDATE sleepovers SET first_night = $1, last_night = $1 WHERE id = $2")
        .bind(past.to_string())
        .bind(&stay)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(host.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_services_ids_are_not_found_and_carers_cannot_ask_for_others() {
    let c = constellation(2, 2).await;
    let other = c.app.service("Southbank Fostering").await;
    let stranger = c.app.household(&other, "X-1").await;
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let theirs = carer
        .post_json(
            "/api/v1/sleepovers",
            &ask(&c.satellites[1], &[&c.children[1][0]], &days_ahead(10), 1),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN, "{}", theirs.body);
    let strange = carer
        .post_json("/api/v1/sleepovers", &ask(&stranger, &[&c.children[0][0]], &days_ahead(10), 1))
        .await;
    assert_eq!(strange.error_fields(), ["from_household_id"]);
    let not_theirs = carer
        .post_json(
            "/api/v1/sleepovers",
            &ask(&c.satellites[0], &[&c.children[1][0]], &days_ahead(10), 1),
        )
        .await;
    assert_eq!(not_theirs.error_fields(), ["child_ids"]);
    let (manager, _) = c
        .app
        .as_user(
            "other@example.org",
            Grant { role: Role::ServiceManager, place: Place::Service(id(&other)) },
        )
        .await;
    let stay = c
        .app
        .create(
            "/api/v1/sleepovers",
            ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(10), 1),
        )
        .await;
    assert_eq!(
        manager.get(&format!("/api/v1/sleepovers/{stay}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        manager.post_json(&format!("/api/v1/sleepovers/{stay}/confirm"), &json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        manager.get(&format!("/api/v1/households/{}/calendar", c.hub)).await.status,
        StatusCode::NOT_FOUND
    );
    let too_long = "x".repeat(3000);
    let mut noted = ask(&c.satellites[0], &[&c.children[0][1]], &days_ahead(10), 1);
    noted["note"] = json!(too_long);
    assert_eq!(c.app.post_json("/api/v1/sleepovers", &noted).await.error_fields(), ["note"]);
}

#[tokio::test]
async fn a_sleepover_exports_as_a_temporary_episode_and_never_touches_a_placement() {
    let c = constellation(2, 1).await;
    let child = &c.children[0][0];
    c.app.create("/api/v1/placements", json!({"child_id": child, "household_id": c.satellites[0], "from_on": "2022-01-01", "place_code": "U4"})).await;
    let mut body = ask(&c.satellites[0], &[child], &days_ahead(5), 2);
    body["carer_on_holiday"] = json!(true);
    let stay = c.app.create("/api/v1/sleepovers", body).await;
    c.app.post_json(&format!("/api/v1/sleepovers/{stay}/confirm"), &json!({})).await;
    let placements = c.app.get(&format!("/api/v1/placements?child_id={child}")).await.json();
    assert_eq!(placements["total"], 1);
    let rows = c
        .app
        .store
        .ssda903_temporary(
            &domain::Scope::Everything,
            id(&c.service),
            Date::today(),
            Date::today().add_days(30),
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], *child);
    assert_eq!(rows[0][5], "T3");
    assert_eq!(rows[0][1], Date::today().add_days(5).ssda903());
    assert_eq!(rows[0][7], Date::today().add_days(7).ssda903());
}

/// The household asking and its children are read together, but each child by its own reach: a
/// satellite carer sees the household next door, not its children; a service manager, who sees a
/// child of another household, is told which child does not live in the household asking.
#[tokio::test]
async fn a_request_names_why_each_child_cannot_be_asked_for() {
    let c = constellation(2, 2).await;
    let home = &c.satellites[0];
    let (mine, next_door) = (&c.children[0][0], &c.children[1][0]);
    let other = c.app.service("Southbank Fostering").await;
    let stranger = c.app.household(&other, "X-1").await;
    let strange = c.app.child(&other, &stranger).await;
    let carer = c.satellite_carer("sat@example.org", home).await;
    let night = days_ahead(10);
    let cannot_see = "must each be a child you can see";
    for (why, children) in [
        ("the child next door", vec![next_door]),
        ("another service's child", vec![&strange]),
        ("one of two", vec![mine, next_door]),
    ] {
        let refused = carer.post_json("/api/v1/sleepovers", &ask(home, &children, &night, 1)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {}", refused.body);
        assert_eq!(refused.error_fields(), ["child_ids"], "{why}");
        assert_eq!(message(&refused), cannot_see, "{why}");
    }
    // The household next door is theirs to see, and still not theirs to ask from.
    let theirs = ask(&c.satellites[1], &[mine], &night, 1);
    assert_eq!(carer.post_json("/api/v1/sleepovers", &theirs).await.status, StatusCode::FORBIDDEN);
    // The suite's runner manages the service, so sees both children whole.
    let both = ask(home, &[mine, next_door], &night, 1);
    let manager = c.app.post_json("/api/v1/sleepovers", &both).await;
    assert_eq!(manager.error_fields(), ["child_ids"], "{}", manager.body);
    assert_eq!(
        message(&manager),
        "must each live in the household asking: Juniper1x0 Okafor does not"
    );
    // A child given twice is asked for once.
    let twice = carer.post_json("/api/v1/sleepovers", &ask(home, &[mine, mine], &night, 1)).await;
    assert_eq!(twice.status, StatusCode::CREATED, "{}", twice.body);
    let names: Vec<Value> = twice.json()["children"].as_array().unwrap().to_vec();
    assert_eq!(names.len(), 1);
    assert_eq!(names[0]["name"], "Juniper0x0", "first name only, to the carer");
}
