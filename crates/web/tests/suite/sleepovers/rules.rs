//! The service's rules, named with their numbers, and the overrides a liaison worker records.

use axum::http::StatusCode;
use domain::{Date, Id};
use serde_json::json;

use super::*;

/// The host is the hub unless another is named; one that cannot host is refused by name.
#[tokio::test]
async fn a_request_goes_to_a_host_of_its_own_constellation_and_never_to_itself() {
    let c = constellation(2, 2).await;
    let (home, child) = (&c.satellites[0], &c.children[0][0]);
    let to = |host: &str| {
        let mut body = ask(home, &[child], &days_ahead(10), 1);
        body["host_household_id"] = json!(host);
        body
    };
    let itself = c.app.post_json("/api/v1/sleepovers", &to(home)).await;
    assert_eq!(
        itself.field_error("host_household_id"),
        "must be another household than the one asking"
    );
    let satellite = c.app.post_json("/api/v1/sleepovers", &to(&c.satellites[1])).await;
    assert!(
        satellite.field_error("host_household_id").starts_with("must be the hub"),
        "{}",
        satellite.body
    );
    let elsewhere = c.app.constellation(&c.service, "Foxglove").await;
    let far = c.app.household(&c.service, "FAR").await;
    c.app.join(&far, &elsewhere, "hub", "2021-01-01").await;
    let other = c.app.post_json("/api/v1/sleepovers", &to(&far)).await;
    assert_eq!(
        other.field_error("host_household_id"),
        "must be a household of the same constellation"
    );
    let named = c.app.post_json("/api/v1/sleepovers", &to(&c.hub)).await;
    assert_eq!(named.status, StatusCode::CREATED, "{}", named.body);
    assert_eq!(named.json()["host_household_id"], json!(c.hub));

    // A constellation with no hub today has no host to ask.
    let hubless = c.app.constellation(&c.service, "Yarrow").await;
    let lone = c.app.household(&c.service, "LONE").await;
    c.app.join(&lone, &hubless, "satellite", "2021-01-01").await;
    let lone_child = c.app.child(&c.service, &lone).await;
    let body = ask(&lone, &[&lone_child], &days_ahead(10), 1);
    let none = c.app.post_json("/api/v1/sleepovers", &body).await;
    assert_eq!(
        none.field_error("host_household_id"),
        "is required: the constellation has no hub today"
    );
}

#[tokio::test]
async fn a_host_of_another_service_or_none_at_all_is_refused_and_told_nothing() {
    let c = constellation(2, 1).await;
    let other = c.app.service("Southbank Fostering").await;
    let theirs = c.app.constellation(&other, "Foxglove").await;
    let stranger = c.app.household(&other, "X-1").await;
    c.app.join(&stranger, &theirs, "hub", "2021-01-01").await;
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    for host in [stranger, Id::new().to_string()] {
        let mut body = ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(10), 1);
        body["host_household_id"] = json!(host);
        let refused = carer.post_json("/api/v1/sleepovers", &body).await;
        assert_eq!(
            refused.field_error("host_household_id"),
            "must be a household of the same constellation",
            "{}",
            refused.body
        );
    }
    assert!(c.app.store.claim_mail(50).await.unwrap().is_empty(), "no one is told");
}

#[tokio::test]
async fn each_broken_rule_is_named_with_its_numbers_and_a_liaison_worker_may_override() {
    let c = constellation(2, 1).await;
    let home = &c.satellites[0];
    let child = &c.children[0][0];
    let long =
        c.app.post_json("/api/v1/sleepovers", &ask(home, &[child], &days_ahead(10), 5)).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(long.error_fields(), ["nights"]);
    assert!(message(&long).contains("at most 3 nights; this asks for 5"), "{}", long.body);
    let soon = c.app.post_json("/api/v1/sleepovers", &ask(home, &[child], &days_ahead(1), 1)).await;
    assert!(message(&soon).contains("at least 2 days before"), "{}", soon.body);
    let mut emergency = ask(home, &[child], &days_ahead(0), 1);
    emergency["kind"] = json!("emergency");
    emergency["reason"] = json!("crisis");
    assert_eq!(c.app.post_json("/api/v1/sleepovers", &emergency).await.status, StatusCode::CREATED);

    // A satellite carer may not override; a liaison worker may, and the reason is kept.
    let carer = c.satellite_carer("carer@example.org", home).await;
    let mut overriding = ask(home, &[&c.children[0][1]], &days_ahead(20), 5);
    overriding["override_reason"] = json!("Carer in hospital for five days");
    let refused = carer.post_json("/api/v1/sleepovers", &overriding).await;
    assert_eq!(refused.error_fields(), ["override_reason"], "{}", refused.body);
    let liaison = c.liaison().await;
    let made = liaison.post_json("/api/v1/sleepovers", &overriding).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()["overridden"], json!(["sleepover_nights"]));
    assert_eq!(made.json()["override_reason"], "Carer in hospital for five days");
}

#[tokio::test]
async fn the_yearly_allowance_counts_every_night_asked_for_or_used() {
    let c = constellation(2, 1).await;
    let rules = json!({"sleepover_nights": 3, "short_break_nights": 7, "notice_days": 2, "yearly_nights": 4, "satellites_may_host": false});
    assert_eq!(
        c.app
            .put_json(&format!("/api/v1/services/{}/sleepover-rules", c.service), &rules)
            .await
            .status,
        StatusCode::OK
    );
    let home = &c.satellites[0];
    let first = Date::today().add_days(30);
    c.app
        .create("/api/v1/sleepovers", ask(home, &[&c.children[0][0]], &first.to_string(), 3))
        .await;
    let more = c
        .app
        .post_json(
            "/api/v1/sleepovers",
            &ask(home, &[&c.children[0][1]], &first.add_days(7).to_string(), 2),
        )
        .await;
    if domain::sleepovers::allowance_year(first)
        == domain::sleepovers::allowance_year(first.add_days(7))
    {
        assert_eq!(more.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            message(&more).contains("4 nights a year")
                && message(&more).contains("used or booked 3"),
            "{}",
            more.body
        );
    }
}

#[tokio::test]
async fn a_child_without_delegated_authority_waits_for_a_liaison_workers_override() {
    let c = constellation(2, 1).await;
    let home = &c.satellites[0];
    let lapsed = child_with_authority(&c.app, &c.service, home, "Rowan Okafor", "2020-06-01").await;
    let id_ = c.app.create("/api/v1/sleepovers", ask(home, &[&lapsed], &days_ahead(10), 1)).await;
    let hub = c.hub_carer().await;
    let refused = hub.post_json(&format!("/api/v1/sleepovers/{id_}/confirm"), &json!({})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message(&refused).contains("Rowan: delegated authority is due for review on 2020-06-01"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("Okafor"));
    assert_eq!(
        hub.post_json(&format!("/api/v1/sleepovers/{id_}/override"), &json!({"reason": "x"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let liaison = c.liaison().await;
    let overridden = liaison
        .post_json(
            &format!("/api/v1/sleepovers/{id_}/override"),
            &json!({"reason": "Social worker agreed by phone"}),
        )
        .await;
    assert_eq!(overridden.status, StatusCode::OK, "{}", overridden.body);
    assert_eq!(overridden.json()["overridden"], json!(["delegated_authority"]));
    let confirmed = hub.post_json(&format!("/api/v1/sleepovers/{id_}/confirm"), &json!({})).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert!(confirmed.json()["minutes_to_answer"].as_i64().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_given_as_an_override_lands_shows_the_override_as_kept() {
    let c = constellation(2, 1).await;
    let (liaison, hub) = (c.liaison().await, c.hub_carer().await);
    for n in 0..8 {
        let night = days_ahead(10 + 2 * n);
        let stay = c
            .app
            .create("/api/v1/sleepovers", ask(&c.satellites[0], &[&c.children[0][0]], &night, 1))
            .await;
        let override_path = format!("/api/v1/sleepovers/{stay}/override");
        let confirm_path = format!("/api/v1/sleepovers/{stay}/confirm");
        let (reason, empty) = (json!({"reason": "Authority renewed by telephone"}), json!({}));
        let (overridden, confirmed) = tokio::join!(
            liaison.post_json(&override_path, &reason),
            hub.post_json(&confirm_path, &empty)
        );
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
        let kept = c.app.get(&format!("/api/v1/sleepovers/{stay}")).await.json();
        let answer = confirmed.json();
        assert_eq!(answer["status"], "confirmed");
        // The override landed before the confirmation or was refused after it; either way the
        // confirmation's answer says what the record now holds.
        assert_eq!(answer["override_reason"], kept["override_reason"], "{}", overridden.body);
        assert_eq!(answer["overridden"], kept["overridden"]);
    }
}

/// Requests at once from one household share its yearly allowance: however their reads and
/// writes interleave, no more nights are granted than it allows, and each refusal names the rule.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_at_once_never_pass_the_yearly_allowance_together() {
    let c = constellation(2, 1).await;
    let rules = json!({"sleepover_nights": 3, "short_break_nights": 7, "notice_days": 2, "yearly_nights": 3, "satellites_may_host": false});
    let path = format!("/api/v1/services/{}/sleepover-rules", c.service);
    assert_eq!(c.app.put_json(&path, &rules).await.status, StatusCode::OK);
    let year = domain::sleepovers::allowance_year;
    let mut first = Date::today().add_days(30);
    if year(first) != year(first.add_days(8)) {
        first = first.add_days(10);
    }
    // Each child on every other night, so no two requests overlap for the same child.
    let bodies: Vec<_> = (0..8)
        .map(|n| {
            let night = first.add_days(n).to_string();
            ask(&c.satellites[0], &[&c.children[0][n as usize % 2]], &night, 1)
        })
        .collect();
    let replies = futures_join(bodies.into_iter().map(|body| {
        let app = c.app.clone();
        async move { app.post_json("/api/v1/sleepovers", &body).await }
    }))
    .await;
    let made = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert_eq!(made, 3, "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    for refused in replies.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert!(message(refused).contains("3 nights a year"), "{}", refused.body);
    }
}
