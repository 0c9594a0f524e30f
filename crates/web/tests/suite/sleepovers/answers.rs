//! What a request and a confirmation write and say: the refusal for a child asked for twice,
//! the numbers when the last bed has just gone, and the audit log's fields.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_child_asked_for_twice_on_the_same_night_is_refused_naming_the_first_night() {
    let c = constellation(2, 1).await;
    let child = &c.children[0][0];
    let first = days_ahead(20);
    c.app.create("/api/v1/sleepovers", ask(&c.satellites[0], &[child], &first, 2)).await;
    // The second asks from the night after: the two stays share a night.
    let again = c
        .app
        .post_json("/api/v1/sleepovers", &ask(&c.satellites[0], &[child], &days_ahead(21), 1))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", again.body);
    assert_eq!(again.json()["errors"][0]["field"], "first_night");
    assert_eq!(
        message(&again),
        format!(
            "overlaps another sleepover for the same child, from {first}: cancel that one first"
        )
    );
    // Asking for both children, only the second of them already asked for: still refused.
    let both = c
        .app
        .post_json(
            "/api/v1/sleepovers",
            &ask(&c.satellites[0], &[&c.children[0][1], child], &first, 1),
        )
        .await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", both.body);
    assert!(message(&both).starts_with("overlaps another sleepover"), "{}", both.body);
    // The other child, and the same child the night after the stay ends, are free to ask.
    let other = &c.children[0][1];
    let next = days_ahead(22);
    for (who, night) in [(other, &first), (child, &next)] {
        let ok =
            c.app.post_json("/api/v1/sleepovers", &ask(&c.satellites[0], &[who], night, 1)).await;
        assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    }
}

#[tokio::test]
async fn the_confirmation_that_finds_the_last_bed_gone_gives_the_numbers() {
    let c = constellation(1, 2).await;
    let night = days_ahead(15);
    let first = c
        .app
        .create("/api/v1/sleepovers", ask(&c.satellites[0], &[&c.children[0][0]], &night, 1))
        .await;
    let second = c
        .app
        .create("/api/v1/sleepovers", ask(&c.satellites[1], &[&c.children[1][0]], &night, 1))
        .await;
    let won = c.app.post_json(&format!("/api/v1/sleepovers/{first}/confirm"), &json!({})).await;
    assert_eq!(won.status, StatusCode::OK, "{}", won.body);
    let lost = c.app.post_json(&format!("/api/v1/sleepovers/{second}/confirm"), &json!({})).await;
    assert_eq!(lost.status, StatusCode::CONFLICT, "{}", lost.body);
    let long = domain::Date::parse(&night).unwrap().long();
    assert_eq!(
        message(&lost),
        format!("No bed free that night ({long}): the host keeps 1, 1 taken, and this needs 1.")
    );
    let still = c.app.get(&format!("/api/v1/sleepovers/{second}")).await.json();
    assert_eq!(still["status"], "requested", "the refused confirmation changed nothing");
}

#[tokio::test]
async fn asking_and_confirming_log_the_fields_given_and_changed() {
    let c = constellation(2, 1).await;
    let id = c
        .app
        .create(
            "/api/v1/sleepovers",
            ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(12), 1),
        )
        .await;
    // The row as stored: the fields the request gave are each of its columns with a value.
    let stored = sqlx::query("SELECT * FROM sleepovers WHERE id = $1")
        .bind(&id)
        .fetch_one(&c.app.pool().await)
        .await
        .unwrap();
    let with_value: Vec<String> = crate::harness::row_as_text(&stored)
        .into_iter()
        .filter(|(name, value)| {
            value.is_some() && !["id", "created_at", "updated_at"].contains(&name.as_str())
        })
        .map(|(name, _)| name)
        .collect();
    let confirmed = c.app.post_json(&format!("/api/v1/sleepovers/{id}/confirm"), &json!({})).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, fields FROM audit_entries WHERE record_id = $1 ORDER BY at, id",
    )
    .bind(&id)
    .fetch_all(&c.app.pool().await)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0, "create");
    let given: Vec<&str> = rows[0].1.split(',').collect();
    assert_eq!(given, with_value, "the fields given are the stored row's, in the table's order");
    for field in ["from_household_id", "host_household_id", "first_night", "nights", "status"] {
        assert!(given.contains(&field), "{field} in {given:?}");
    }
    assert!(!given.contains(&"id") && !given.contains(&"answered_at"), "{given:?}");
    assert_eq!(rows[1].0, "confirm");
    let mut changed: Vec<&str> = rows[1].1.split(',').collect();
    changed.sort();
    assert_eq!(changed, ["answered_at", "answered_by", "status"]);
}

/// The stay's row as stored, but for the clocks, which the log leaves out.
async fn stored(c: &Constellation, id: &str) -> Vec<(String, Option<String>)> {
    let row = sqlx::query("SELECT * FROM sleepovers WHERE id = $1")
        .bind(id)
        .fetch_one(&c.app.pool().await)
        .await
        .unwrap();
    crate::harness::row_as_text(&row)
        .into_iter()
        .filter(|(name, _)| !["created_at", "updated_at"].contains(&name.as_str()))
        .collect()
}

#[tokio::test]
async fn each_step_logs_exactly_the_fields_its_update_changed() {
    let c = constellation(2, 1).await;
    let children = &c.children[0];
    let mut asked = Vec::new();
    for n in 0..5 {
        let (child, first) = (&children[n % 2], days_ahead(10 + 3 * n as i32));
        asked.push(
            c.app.create("/api/v1/sleepovers", ask(&c.satellites[0], &[child], &first, 1)).await,
        );
    }
    let none = json!({});
    let steps = [
        (&asked[0], "decline", json!({"reason": "The hub is unwell that week"})),
        (&asked[1], "cancel", none.clone()),
        (&asked[2], "confirm", none.clone()),
        (&asked[2], "cancel", json!({"reason": "The family's plans changed"})),
        (&asked[3], "confirm", none.clone()),
        (&asked[4], "confirm", none.clone()),
        // The last two are moved to nights just gone, to be closed.
        (&asked[3], "complete", none.clone()),
        (&asked[4], "did-not-happen", json!({"reason": "The child was unwell"})),
    ];
    for (id, step, body) in steps {
        if step == "complete" {
            for past in [&asked[3], &asked[4]] {
                sqlx::query(
                    "UPDATE sleepovers SET first_night = $1, last_night = $1 WHERE id = $2",
                )
                .bind(days_ahead(-2))
                .bind(past)
                .execute(&c.app.pool().await)
                .await
                .unwrap();
            }
        }
        let before = stored(&c, id).await;
        let done = c.app.post_json(&format!("/api/v1/sleepovers/{id}/{step}"), &body).await;
        assert_eq!(done.status, StatusCode::OK, "{step}: {}", done.body);
        let after = stored(&c, id).await;
        let changed: Vec<String> = after
            .iter()
            .filter(|column| !before.contains(column))
            .map(|(name, _)| name.clone())
            .collect();
        let logged: String = sqlx::query_scalar(
            "SELECT fields FROM audit_entries WHERE record_id = $1 AND action = $2 \
             ORDER BY at DESC, id DESC",
        )
        .bind(id)
        .bind(step.replace('-', "_"))
        .fetch_one(&c.app.pool().await)
        .await
        .unwrap();
        assert_eq!(logged, changed.join(","), "{step}: the fields logged are those changed");
        assert!(changed.contains(&"status".to_string()), "{step}: {changed:?}");
    }
}

#[tokio::test]
async fn through_the_pages_a_confirmation_lands_and_a_refusal_reads_at_the_form() {
    let c = constellation(1, 1).await;
    let night = days_ahead(15);
    let mut asked = Vec::new();
    for child in &c.children[0] {
        asked.push(
            c.app.create("/api/v1/sleepovers", ask(&c.satellites[0], &[child], &night, 1)).await,
        );
    }
    let (first, second) = (&asked[0], &asked[1]);
    let confirmed = c.app.post_form(&format!("/sleepovers/{first}/confirm"), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER, "{}", confirmed.body);
    let shown = c.app.get(&format!("/api/v1/sleepovers/{first}")).await.json();
    assert_eq!(shown["status"], "confirmed");

    // The one bed is taken: the second confirmation is refused at its form, and changes nothing.
    let refused = c.app.post_form(&format!("/sleepovers/{second}/confirm"), &[]).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the form again: {}",
        refused.body
    );
    let long = domain::Date::parse(&night).unwrap().long();
    assert!(refused.body.contains(&format!("No bed free that night ({long})")), "{}", refused.body);
    // The night is not a field of the form: the message stands at the top, and no field the
    // carer can change is marked wrong.
    assert!(!refused.body.contains("form-group-error"), "{}", refused.body);
    let still = c.app.get(&format!("/api/v1/sleepovers/{second}")).await.json();
    assert_eq!(still["status"], "requested");

    // A decline needs its reason; without one the form says so and nothing changes.
    let bare = c.app.post_form(&format!("/sleepovers/{second}/decline"), &[("reason", "")]).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bare.body);
    assert!(bare.body.contains("Reason for declining is required"), "{}", bare.body);
    let still = c.app.get(&format!("/api/v1/sleepovers/{second}")).await.json();
    assert_eq!(still["status"], "requested");

    // Cancelling the first through its form frees the bed, and the second can then be confirmed.
    let cancel = &[("reason", "The family's plans changed")];
    let cancelled = c.app.post_form(&format!("/sleepovers/{first}/cancel"), cancel).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER, "{}", cancelled.body);
    let confirmed = c.app.post_form(&format!("/sleepovers/{second}/confirm"), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER, "{}", confirmed.body);
    assert_eq!(taken_on(&c, &night).await, [1], "one bed taken that night");
}

/// A request answers with the stay built from what it read to decide it, not read back: so the
/// answer must be the stay just as a read of it then shows it, to each who may ask, with names
/// as each may see them and the children in the read's order (by name, not as asked).
#[tokio::test]
async fn a_request_answers_with_the_stay_as_a_read_of_it_shows_it_to_each_who_may_ask() {
    let c = constellation(2, 1).await;
    let home = &c.satellites[0];
    let manager = Grant { role: Role::ServiceManager, place: Place::Service(id(&c.service)) };
    let askers = [
        ("the programme lead", c.app.clone()),
        ("the service manager", c.app.as_user("manager@example.org", manager).await.0),
        ("the liaison worker", c.liaison().await),
        ("the satellite carer", c.satellite_carer("carer@example.org", home).await),
    ];
    // Asked for second name first, so an answer in the order asked would differ.
    let children = [&c.children[0][1], &c.children[0][0]];
    for (n, (who, app)) in askers.iter().enumerate() {
        let mut body = ask(home, &children, &days_ahead(30 + 2 * n as i32), 1);
        body["note"] = json!("Back by ten");
        if n == 2 {
            body["override_reason"] = json!("Agreed with the hub by phone");
        }
        let made = app.post_json("/api/v1/sleepovers", &body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{who}: {}", made.body);
        let answer = made.json();
        let path = format!("/api/v1/sleepovers/{}", answer["id"].as_str().unwrap());
        let read = app.get(&path).await;
        assert_eq!(read.status, StatusCode::OK, "{who}: {}", read.body);
        assert_eq!(answer, read.json(), "{who}");
        let names: Vec<&str> = answer["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["name"].as_str().unwrap())
            .collect();
        let expected = if *who == "the satellite carer" {
            ["Juniper0x0", "Juniper0x1"]
        } else {
            ["Juniper0x0 Okafor", "Juniper0x1 Okafor"]
        };
        assert_eq!(names, expected, "{who}");
    }
}
