//! A host's beds: taken night by night on confirmation, all or none, never more than it keeps, also under concurrency; freed by cancelling; closed by unavailable nights.

use axum::http::StatusCode;
use domain::Date;
use serde_json::json;

use super::*;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_cancellations_of_one_stay_at_once_free_its_bed_once() {
    let c = constellation(2, 1).await;
    for round in 0..5 {
        let night = days_ahead(10 + round);
        let mut ids = Vec::new();
        for child in &c.children[0] {
            let id = c
                .app
                .create("/api/v1/sleepovers", ask(&c.satellites[0], &[child], &night, 1))
                .await;
            let confirmed =
                c.app.post_json(&format!("/api/v1/sleepovers/{id}/confirm"), &json!({})).await;
            assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
            ids.push(id);
        }
        let cancel = format!("/api/v1/sleepovers/{}/cancel", ids[0]);
        let reason = json!({"reason": "The family's plans changed"});
        let (a, b) =
            tokio::join!(c.app.post_json(&cancel, &reason), c.app.post_json(&cancel, &reason));
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "round {round}");
        assert_eq!(taken_on(&c, &night).await, [1], "round {round}: the other stay keeps its bed");
    }
}

#[tokio::test]
async fn unavailable_nights_close_the_calendar_but_never_over_a_confirmed_stay() {
    let c = constellation(2, 1).await;
    let hub = c.hub_carer().await;
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
    let taken = Date::parse(&days_ahead(30)).unwrap().long();
    assert!(message(&over).contains(&taken), "names the night with a bed taken: {}", over.body);
    // None of the nights was kept: the night before the stay, which had no row, is still open.
    c.app
        .create(
            "/api/v1/sleepovers",
            ask(&c.satellites[0], &[&c.children[0][1]], &days_ahead(29), 1),
        )
        .await;
    let backwards = hub
        .post_json(
            &format!("/api/v1/households/{}/unavailable", c.hub),
            &json!({"from_on": days_ahead(29), "to_on": days_ahead(20), "reason": "Away"}),
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A satellite carer sees the nights closed, not why.
    let satellite = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_requests_for_the_same_child_at_once_only_one_is_accepted() {
    let c = constellation(2, 1).await;
    let body = ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(10), 1);
    let replies = futures_join((0..4).map(|_| {
        let (app, body) = (c.app.clone(), body.clone());
        async move { app.post_json("/api/v1/sleepovers", &body).await }
    }))
    .await;
    let made = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert_eq!(made, 1, "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    for refused in replies.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_eq!(refused.error_fields(), ["first_night"], "{}", refused.body);
    }
}

/// Writes at once may share one commit: every request answered as made is kept with its audit
/// entry, and each refused inside its write leaves nothing and undoes nothing of the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_at_once_keep_every_success_and_nothing_of_each_refusal() {
    let c = constellation(2, 8).await;
    let mut bodies = Vec::new();
    for (home, children) in c.satellites.iter().zip(&c.children) {
        for child in children {
            let body = ask(home, &[child], &days_ahead(10), 1);
            bodies.push(body.clone());
            bodies.push(body);
        }
    }
    let replies = futures_join(bodies.into_iter().map(|body| {
        let app = c.app.clone();
        async move { app.post_json("/api/v1/sleepovers", &body).await }
    }))
    .await;
    let mut made: Vec<String> = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .map(|r| r.json()["id"].as_str().expect("an id").to_string())
        .collect();
    assert_eq!(made.len(), 16, "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    for refused in replies.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_eq!(refused.error_fields(), ["first_night"], "{}", refused.body);
    }
    // Read on a connection of its own, which sees only what has been committed.
    let pool = c.app.pool().await;
    let kept: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM sleepovers ORDER BY id").fetch_all(&pool).await.unwrap();
    let audited: Vec<(String,)> = sqlx::query_as(
        "SELECT record_id FROM audit_entries WHERE record_kind = 'sleepover' AND action = 'create' \
         ORDER BY record_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    made.sort();
    assert_eq!(kept.into_iter().map(|k| k.0).collect::<Vec<_>>(), made);
    assert_eq!(audited.into_iter().map(|k| k.0).collect::<Vec<_>>(), made);
}

/// Confirmations at a host and a change to fewer beds, at once: each night ends with no more
/// beds taken than the host keeps, however they interleave.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn confirmations_beside_fewer_beds_never_take_more_than_the_host_keeps() {
    let c = constellation(2, 2).await;
    let path = format!("/api/v1/households/{}", c.hub);
    for round in 0..4 {
        let night = days_ahead(12 + round);
        let mut asked = Vec::new();
        for n in 0..2 {
            let body = ask(&c.satellites[n], &[&c.children[n][0]], &night, 1);
            asked.push(c.app.create("/api/v1/sleepovers", body).await);
        }
        let mut hub = c.app.get(&path).await.json();
        hub["sleepover_beds"] = json!(1);
        let (app, fewer, hub_path) = (c.app.clone(), c.app.clone(), path.clone());
        let confirms = futures_join(asked.iter().map(|id| {
            let (app, path) = (app.clone(), format!("/api/v1/sleepovers/{id}/confirm"));
            async move { app.post_json(&path, &json!({})).await }
        }));
        let change = async move { fewer.put_json(&hub_path, &hub).await };
        let (confirmed, changed) = tokio::join!(confirms, change);
        let won = confirmed.iter().filter(|r| r.status == StatusCode::OK).count();
        let beds = c.app.get(&path).await.json()["sleepover_beds"].as_i64().expect("beds");
        assert!(won as i64 <= beds, "round {round}: {won} confirmed with {beds} beds");
        if changed.status == StatusCode::OK {
            assert_eq!(beds, 1, "{}", changed.body);
        } else {
            assert_eq!(changed.error_fields(), ["sleepover_beds"], "{}", changed.body);
        }
        // Back to two beds, with the night's stays cancelled, for the next round.
        for id in &asked {
            let cancel = format!("/api/v1/sleepovers/{id}/cancel");
            assert_eq!(c.app.post_json(&cancel, &json!({})).await.status, StatusCode::OK);
        }
        let mut hub = c.app.get(&path).await.json();
        hub["sleepover_beds"] = json!(2);
        assert_eq!(c.app.put_json(&path, &hub).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_host_keeps_at_least_the_beds_already_taken() {
    let c = constellation(2, 2).await;
    let night = days_ahead(15);
    for n in 0..2 {
        let id = c
            .app
            .create("/api/v1/sleepovers", ask(&c.satellites[n], &[&c.children[n][0]], &night, 1))
            .await;
        let confirmed =
            c.app.post_json(&format!("/api/v1/sleepovers/{id}/confirm"), &json!({})).await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    }
    let path = format!("/api/v1/households/{}", c.hub);
    let mut hub = c.app.get(&path).await.json();
    hub["sleepover_beds"] = json!(1);
    let refused = c.app.put_json(&path, &hub).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let why = refused.field_error("sleepover_beds");
    let long = Date::parse(&night).unwrap().long();
    assert!(why.starts_with("2 beds are already taken on") && why.contains(&long), "{why}");
    assert_eq!(c.app.get(&path).await.json()["sleepover_beds"], 2);
    hub["sleepover_beds"] = json!(3);
    let raised = c.app.put_json(&path, &hub).await;
    assert_eq!(raised.status, StatusCode::OK, "{}", raised.body);
    assert_eq!(raised.json()["sleepover_beds"], 3);
}

#[tokio::test]
async fn an_answer_is_read_whether_or_not_its_length_is_sent() {
    let c = constellation(2, 1).await;
    let ask_once = |days| ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(days), 1);
    let declined = c.app.create("/api/v1/sleepovers", ask_once(10)).await;
    let confirmed = c.app.create("/api/v1/sleepovers", ask_once(20)).await;
    // The test router sends no Content-Length, as a chunked upload would not.
    let path = format!("/api/v1/sleepovers/{declined}/decline");
    let reply = c.app.post_json(&path, &json!({"reason": "Full that week"})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["outcome_note"], "Full that week");
    let request = axum::http::Request::post(format!("/api/v1/sleepovers/{confirmed}/confirm"))
        .header(axum::http::header::CONTENT_LENGTH, "0")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(c.app.request(request).await.status, StatusCode::OK);
}
