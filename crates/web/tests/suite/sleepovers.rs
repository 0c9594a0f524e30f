//! Sleepovers and short breaks: the rules, the answers, the beds under concurrency, delegated
//! authority, the host's view of a child, e-mail without names, and the SSDA903 export.

use axum::http::StatusCode;
use domain::{Date, Grant, Id, Place, Role};
use serde_json::{Value, json};

use crate::harness::TestApp;

/// A constellation with a hub keeping `beds` beds and `satellites` satellites, each with two
/// children whose delegated authority is in place.
pub struct Constellation {
    pub app: TestApp,
    pub service: String,
    pub constellation: String,
    pub hub: String,
    pub satellites: Vec<String>,
    /// Each satellite's children.
    pub children: Vec<Vec<String>>,
}

pub async fn constellation(beds: i64, satellites: usize) -> Constellation {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let constellation = app.constellation(&service, "Larkspur").await;
    let hub = app
        .create(
            "/api/v1/households",
            json!({"service_id": service, "reference": "HUB", "display_name": "Hartley household",
                   "postcode": "M1 1AE", "places": 2, "sleepover_beds": beds, "joined_on": "2021-01-01"}),
        )
        .await;
    app.join(&hub, &constellation, "hub", "2021-01-01").await;
    let mut homes = Vec::new();
    let mut children = Vec::new();
    for n in 0..satellites {
        let home = app.household(&service, &format!("S-{n}")).await;
        app.join(&home, &constellation, "satellite", "2021-01-01").await;
        let mut theirs = Vec::new();
        for k in 0..2 {
            theirs.push(
                child_with_authority(
                    &app,
                    &service,
                    &home,
                    &format!("Juniper{n}x{k} Okafor"),
                    "2099-01-01",
                )
                .await,
            );
        }
        homes.push(home);
        children.push(theirs);
    }
    Constellation { app, service, constellation, hub, satellites: homes, children }
}

pub async fn child_with_authority(
    app: &TestApp,
    service: &str,
    home: &str,
    name: &str,
    review: &str,
) -> String {
    app.create(
        "/api/v1/children",
        json!({"service_id": service, "household_id": home, "name": name, "birth_month": "2014-06",
               "arrangement": "mainstream_foster", "da_granted_by": "Robin Ashdown",
               "da_granted_on": "2020-01-01", "da_scope": "Overnight stays", "da_review_on": review}),
    )
    .await
}

pub fn days_ahead(n: i32) -> String {
    Date::today().add_days(n).to_string()
}

pub fn ask(home: &str, children: &[&String], first: &str, nights: i64) -> Value {
    json!({"from_household_id": home, "child_ids": children, "first_night": first, "nights": nights,
           "kind": "planned", "reason": "respite"})
}

fn message(reply: &crate::harness::Reply) -> String {
    reply.json()["errors"][0]["message"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_confirmations_for_three_free_beds_exactly_three_win() {
    let c = constellation(3, 8).await;
    let night = days_ahead(10);
    let mut requests = Vec::new();
    for (n, home) in c.satellites.iter().enumerate() {
        for k in 0..5 {
            let child = if k < 2 {
                c.children[n][k].clone()
            } else {
                child_with_authority(
                    &c.app,
                    &c.service,
                    home,
                    &format!("Extra{n}x{k} Lee"),
                    "2099-01-01",
                )
                .await
            };
            requests
                .push(c.app.create("/api/v1/sleepovers", ask(home, &[&child], &night, 1)).await);
        }
    }
    assert_eq!(requests.len(), 40);
    let answers = futures_join(requests.iter().map(|id| {
        let app = c.app.clone();
        let path = format!("/api/v1/sleepovers/{id}/confirm");
        async move { app.post_json(&path, &json!({})).await }
    }))
    .await;
    let won = answers.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(won, 3, "{:?}", answers.iter().map(|r| r.status).collect::<Vec<_>>());
    for lost in answers.iter().filter(|r| r.status != StatusCode::OK) {
        assert_eq!(lost.status, StatusCode::CONFLICT, "{}", lost.body);
        assert!(message(lost).starts_with("No bed free that night"), "{}", lost.body);
    }
    let month = &night[..7];
    let calendar =
        c.app.get(&format!("/api/v1/households/{}/calendar?month={month}", c.hub)).await.json();
    let that = calendar["nights"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["night"] == night)
        .unwrap()
        .clone();
    assert_eq!((that["taken"].as_i64(), that["free"].as_i64()), (Some(3), Some(0)));
}

/// Runs futures at once and gathers their answers in order.
async fn futures_join<F: std::future::Future<Output = crate::harness::Reply> + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<crate::harness::Reply> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut replies = Vec::new();
    for handle in handles {
        replies.push(handle.await.expect("task"));
    }
    replies
}

#[tokio::test]
async fn a_confirmed_stay_takes_a_bed_on_every_night_or_on_none() {
    let c = constellation(1, 2).await;
    let (a, b) = (&c.children[0][0], &c.children[1][0]);
    let blocker =
        c.app.create("/api/v1/sleepovers", ask(&c.satellites[1], &[b], &days_ahead(12), 1)).await;
    let long =
        c.app.create("/api/v1/sleepovers", ask(&c.satellites[0], &[a], &days_ahead(10), 3)).await;
    assert_eq!(
        c.app.post_json(&format!("/api/v1/sleepovers/{blocker}/confirm"), &json!({})).await.status,
        StatusCode::OK
    );
    let refused = c.app.post_json(&format!("/api/v1/sleepovers/{long}/confirm"), &json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(
        message(&refused).contains(&Date::parse(&days_ahead(12)).unwrap().long()),
        "{}",
        refused.body
    );
    // The first two nights were not kept: a one-night stay on the first fits.
    let first = c.app.get(&format!("/api/v1/sleepovers/{long}")).await.json();
    assert_eq!(first["status"], "requested");
    let other = c
        .app
        .create(
            "/api/v1/sleepovers",
            ask(&c.satellites[1], &[&c.children[1][1]], &days_ahead(10), 1),
        )
        .await;
    assert_eq!(
        c.app.post_json(&format!("/api/v1/sleepovers/{other}/confirm"), &json!({})).await.status,
        StatusCode::OK
    );
    // Cancelling frees the bed again.
    assert_eq!(
        c.app.post_json(&format!("/api/v1/sleepovers/{blocker}/cancel"), &json!({})).await.status,
        StatusCode::OK
    );
    let again = c
        .app
        .create(
            "/api/v1/sleepovers",
            ask(&c.satellites[0], &[&c.children[0][1]], &days_ahead(12), 1),
        )
        .await;
    assert_eq!(
        c.app.post_json(&format!("/api/v1/sleepovers/{again}/confirm"), &json!({})).await.status,
        StatusCode::OK
    );
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
    let (carer, _) = c
        .app
        .as_user(
            "carer@example.org",
            Grant { role: Role::SatelliteCarer, place: Place::Household(id(home)) },
        )
        .await;
    let mut overriding = ask(home, &[&c.children[0][1]], &days_ahead(20), 5);
    overriding["override_reason"] = json!("Carer in hospital for five days");
    let refused = carer.post_json("/api/v1/sleepovers", &overriding).await;
    assert_eq!(refused.error_fields(), ["override_reason"], "{}", refused.body);
    let (liaison, _) = c
        .app
        .as_user(
            "liaison@example.org",
            Grant { role: Role::LiaisonWorker, place: Place::Constellation(id(&c.constellation)) },
        )
        .await;
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
    let (hub, _) = c
        .app
        .as_user(
            "hub@example.org",
            Grant { role: Role::HubCarer, place: Place::Constellation(id(&c.constellation)) },
        )
        .await;
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
    let (liaison, _) = c
        .app
        .as_user(
            "liaison@example.org",
            Grant { role: Role::LiaisonWorker, place: Place::Constellation(id(&c.constellation)) },
        )
        .await;
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
async fn two_answers_to_one_request_one_wins_and_the_other_is_told() {
    let c = constellation(2, 1).await;
    let id_ = c
        .app
        .create(
            "/api/v1/sleepovers",
            ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(10), 1),
        )
        .await;
    let (confirm, decline) =
        (format!("/api/v1/sleepovers/{id_}/confirm"), format!("/api/v1/sleepovers/{id_}/decline"));
    let (empty, reason) = (json!({}), json!({"reason": "Full that week"}));
    let (a, b) =
        tokio::join!(c.app.post_json(&confirm, &empty), c.app.post_json(&decline, &reason));
    let statuses = [a.status, b.status];
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let no_reason = c.app.post_json(&format!("/api/v1/sleepovers/{id_}/decline"), &json!({})).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_satellite_host_sees_the_child_from_confirmation_until_a_week_after() {
    let c = constellation(2, 2).await;
    let rules = json!({"sleepover_nights": 3, "short_break_nights": 7, "notice_days": 0, "yearly_nights": 28, "satellites_may_host": true});
    c.app.put_json(&format!("/api/v1/services/{}/sleepover-rules", c.service), &rules).await;
    let (guest_home, host_home) = (&c.satellites[0], &c.satellites[1]);
    let child = &c.children[0][0];
    let (host, _) = c
        .app
        .as_user(
            "host@example.org",
            Grant { role: Role::SatelliteCarer, place: Place::Household(id(host_home)) },
        )
        .await;
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
async fn unavailable_nights_close_the_calendar_but_never_over_a_confirmed_stay() {
    let c = constellation(2, 1).await;
    let (hub, _) = c
        .app
        .as_user(
            "hub@example.org",
            Grant { role: Role::HubCarer, place: Place::Constellation(id(&c.constellation)) },
        )
        .await;
    let away = hub.post_json(&format!("/api/v1/households/{}/unavailable", c.hub), &json!({"from_on": days_ahead(20), "to_on": days_ahead(22), "reason": "Family holiday"})).await;
    assert_eq!(away.status, StatusCode::CREATED, "{}", away.body);
    let refused = c
        .app
        .post_json(
            "/api/v1/sleepovers",
            &ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(21), 1),
        )
        .await;
    assert!(message(&refused).contains("unavailable"), "{}", refused.body);
    let stay = c
        .app
        .create(
            "/api/v1/sleepovers",
            ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(30), 1),
        )
        .await;
    hub.post_json(&format!("/api/v1/sleepovers/{stay}/confirm"), &json!({})).await;
    let over = hub
        .post_json(
            &format!("/api/v1/households/{}/unavailable", c.hub),
            &json!({"from_on": days_ahead(29), "to_on": days_ahead(31), "reason": "Away"}),
        )
        .await;
    assert_eq!(over.status, StatusCode::CONFLICT, "{}", over.body);
    let backwards = hub
        .post_json(
            &format!("/api/v1/households/{}/unavailable", c.hub),
            &json!({"from_on": days_ahead(29), "to_on": days_ahead(20), "reason": "Away"}),
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A satellite carer sees the nights closed, not why.
    let (satellite, _) = c
        .app
        .as_user(
            "sat@example.org",
            Grant { role: Role::SatelliteCarer, place: Place::Household(id(&c.satellites[0])) },
        )
        .await;
    let month = &days_ahead(21)[..7];
    let seen = satellite.get(&format!("/api/v1/households/{}/calendar?month={month}", c.hub)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("Family holiday"));
    let withdraw = hub
        .post_json(
            &format!("/api/v1/unavailable/{}/withdraw", away.json()["id"].as_str().unwrap()),
            &json!({}),
        )
        .await;
    assert_eq!(withdraw.status, StatusCode::NO_CONTENT);
    let now_free = c
        .app
        .post_json(
            "/api/v1/sleepovers",
            &ask(&c.satellites[0], &[&c.children[0][1]], &days_ahead(21), 1),
        )
        .await;
    assert_eq!(now_free.status, StatusCode::CREATED, "{}", now_free.body);
}

#[tokio::test]
async fn the_host_is_told_of_a_request_and_the_asker_of_the_answer_with_no_names() {
    let c = constellation(2, 1).await;
    let (hub, _) = c
        .app
        .as_user(
            "hub@example.org",
            Grant { role: Role::HubCarer, place: Place::Constellation(id(&c.constellation)) },
        )
        .await;
    let (carer, _) = c
        .app
        .as_user(
            "sat@example.org",
            Grant { role: Role::SatelliteCarer, place: Place::Household(id(&c.satellites[0])) },
        )
        .await;
    let (liaison, _) = c
        .app
        .as_user(
            "liaison@example.org",
            Grant { role: Role::LiaisonWorker, place: Place::Constellation(id(&c.constellation)) },
        )
        .await;
    // The liaison worker chooses no e-mails at all.
    liaison.put_json("/api/v1/account/notifications", &json!({})).await;
    let mut emergency = ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(0), 1);
    emergency["kind"] = json!("emergency");
    emergency["reason"] = json!("crisis");
    let made = carer.post_json("/api/v1/sleepovers", &emergency).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    hub.post_json(
        &format!("/api/v1/sleepovers/{}/confirm", made.json()["id"].as_str().unwrap()),
        &json!({}),
    )
    .await;
    let mut mail = Vec::new();
    for m in c.app.store.claim_mail(50).await.unwrap() {
        assert!(!m.body.contains("Juniper") && !m.subject.contains("Juniper"), "{}", m.body);
        assert!(!m.body.contains("Okafor") && !m.body.contains("Hartley"), "{}", m.body);
        mail.push((m.to, m.subject));
    }
    mail.sort();
    assert_eq!(mail.len(), 2, "{mail:?}");
    assert_eq!(mail[0].0, "hub@example.org");
    assert!(mail[0].1.starts_with("Emergency: "));
    assert_eq!(mail[1].0, "sat@example.org");
    assert!(mail[1].1.ends_with("confirmed"));
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

#[tokio::test]
async fn another_services_ids_are_not_found_and_carers_cannot_ask_for_others() {
    let c = constellation(2, 2).await;
    let other = c.app.service("Southbank Fostering").await;
    let stranger = c.app.household(&other, "X-1").await;
    let (carer, _) = c
        .app
        .as_user(
            "sat@example.org",
            Grant { role: Role::SatelliteCarer, place: Place::Household(id(&c.satellites[0])) },
        )
        .await;
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

fn id(text: &str) -> Id {
    text.parse().unwrap()
}

#[tokio::test]
async fn mail_goes_to_a_folder_and_a_private_calendar_lists_the_stay_until_revoked() {
    let c = constellation(2, 1).await;
    let grant = Grant { role: Role::SatelliteCarer, place: Place::Household(id(&c.satellites[0])) };
    let (carer, _) = c.app.as_user("sat@example.org", grant).await;
    let hub = Grant { role: Role::HubCarer, place: Place::Constellation(id(&c.constellation)) };
    c.app.as_user("hub@example.org", hub).await;
    let first = Date::today().add_days(10);
    let made = carer
        .post_json(
            "/api/v1/sleepovers",
            &ask(&c.satellites[0], &[&c.children[0][0]], &first.to_string(), 2),
        )
        .await;
    let stay = made.json()["id"].as_str().unwrap().to_string();

    let folder = std::env::temp_dir().join(format!("constellate-mail-{}", Id::new()));
    let settings = web::mail::MailSettings {
        delivery: web::mail::Delivery::Folder(folder.clone()),
        from: "Constellate <constellate@example.org>".into(),
        public_url: "https://constellate.example.org".into(),
    };
    assert_eq!(web::mail::send_waiting(&c.app.store, &settings).await.unwrap(), 1);
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|f| f.unwrap().path()).collect();
    // Quoted-printable: soft line breaks joined again.
    let message = std::fs::read_to_string(&files[0]).unwrap().replace("=\r\n", "");
    std::fs::remove_dir_all(&folder).unwrap();
    assert!(message.contains("To: hub@example.org"), "{message}");
    assert!(
        message.contains(&format!("https://constellate.example.org/sleepovers/{stay}")),
        "{message}"
    );
    assert!(!message.contains("Juniper") && !message.contains("Okafor"), "{message}");
    assert_eq!(web::mail::send_waiting(&c.app.store, &settings).await.unwrap(), 0, "sent once");

    let feed = carer.post_json("/api/v1/account/calendar-feed", &json!({})).await;
    assert_eq!(feed.status, StatusCode::CREATED);
    let path = feed.json()["path"].as_str().unwrap().to_string();
    let ics = c.app.anonymous().get(&path).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{}", ics.body);
    for line in [
        format!("UID:sleepover-{stay}@constellate"),
        format!("DTSTART;VALUE=DATE:{}", first.basic()),
        format!("DTEND;VALUE=DATE:{}", first.add_days(2).basic()),
        "TZID:Europe/London".to_string(),
    ] {
        assert!(ics.body.contains(&format!("{line}\r\n")), "{line} in {}", ics.body);
    }
    assert!(ics.body.contains("\r\nDTSTAMP:") && ics.body.contains("Juniper0x0"));
    assert!(!ics.body.contains("Okafor"));
    let revoked = carer.send_json("DELETE", "/api/v1/account/calendar-feed", &json!({})).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(c.app.anonymous().get(&path).await.status, StatusCode::NOT_FOUND);
}
