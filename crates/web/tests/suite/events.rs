//! A constellation's events: planned by the hub carer, answered by the satellites, who came
//! recorded once it starts, cancelled with a reason, and in each person's calendar feed.

use axum::http::StatusCode;
use domain::{Date, Grant, Place, Role};
use serde_json::json;

use crate::sleepovers::{constellation, id};

fn at(days: i32, time: &str) -> String {
    format!("{}T{time}", Date::today().add_days(days))
}

fn event(constellation: &str, starts: &str) -> serde_json::Value {
    json!({"constellation_id": constellation, "kind": "social", "title": "Winter walk",
           "starts_at": starts, "ends_at": null, "place": "Heaton Park"})
}

#[tokio::test]
async fn the_hub_carer_plans_an_event_and_the_satellites_say_whether_they_are_coming() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let made = hub.post_json("/api/v1/events", &event(&c.constellation, &at(10, "10:30"))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let path = format!("/api/v1/events/{}", made.json()["id"].as_str().unwrap());

    // A satellite carer sees the constellation's calendar and answers for their household.
    let (first, second) = (&c.satellites[0], &c.satellites[1]);
    let carer = c.satellite_carer("sat@example.org", first).await;
    let upcoming = carer
        .get(&format!("/api/v1/events?status=upcoming&constellation_id={}", c.constellation))
        .await;
    assert_eq!(upcoming.json()["total"], 1, "{}", upcoming.body);
    let answer = carer.post_json(&format!("{path}/reply"), &json!({"answer": "maybe"})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let answer = carer.post_json(&format!("{path}/reply"), &json!({"answer": "coming"})).await;
    let replies = answer.json()["replies"].clone();
    assert_eq!(replies.as_array().unwrap().len(), 1, "a later answer replaces the first");
    assert_eq!(replies[0]["answer"], "coming");
    // Not for another household, and not by the page's button for a stranger.
    let theirs = carer
        .post_json(&format!("{path}/reply"), &json!({"household_id": second, "answer": "coming"}))
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    let page = carer
        .post_form(
            &format!("/events/{}/reply/not_coming", made.json()["id"].as_str().unwrap()),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(carer.get(&path).await.json()["replies"][0]["answer"], "not_coming");

    // Satellites do not plan events; who came cannot be recorded before it starts.
    let planned =
        carer.post_json("/api/v1/events", &event(&c.constellation, &at(3, "18:00"))).await;
    assert_eq!(planned.status, StatusCode::FORBIDDEN);
    let early = hub
        .post_json(&format!("{path}/attendance"), &json!({"household_id": first, "adults": 2}))
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.field_error("household_id").contains("before the event starts"));

    // It appears in the satellite carer's calendar feed, at its UK time.
    let feed = carer.post_json("/api/v1/account/calendar-feed", &json!({})).await;
    assert_eq!(feed.status, StatusCode::CREATED, "{}", feed.body);
    let address = feed.json()["path"].as_str().unwrap().to_string();
    let ics = c.app.anonymous().get(&address).await.body;
    let start = Date::today().add_days(10).to_string().replace('-', "");
    assert!(ics.contains(&format!("DTSTART;TZID=Europe/London:{start}T103000")), "{ics}");
    assert!(ics.contains("SUMMARY:Winter walk (Social activity)"), "{ics}");
}

#[tokio::test]
async fn who_came_is_recorded_by_household_and_an_event_that_happened_is_not_cancelled() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let held = hub.post_json("/api/v1/events", &event(&c.constellation, &at(-2, "10:00"))).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    let path = format!("/api/v1/events/{}", held.json()["id"].as_str().unwrap());
    let came = |household: &str, adults: i64, children: i64, sons: i64| {
        json!({"household_id": household, "adults": adults, "children": children,
               "sons_daughters": sons})
    };
    let first =
        hub.post_json(&format!("{path}/attendance"), &came(&c.satellites[0], 2, 3, 1)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    hub.post_json(&format!("{path}/attendance"), &came(&c.satellites[1], 1, 0, 0)).await;
    let fixed =
        hub.post_json(&format!("{path}/attendance"), &came(&c.satellites[1], 1, 2, 2)).await;
    let shown = fixed.json();
    assert_eq!(shown["attendance"].as_array().unwrap().len(), 2);
    let total: i64 = shown["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["children"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 5);

    let wrong =
        hub.post_json(&format!("{path}/attendance"), &came(&c.satellites[0], 1, 1, 2)).await;
    assert_eq!(wrong.error_fields(), ["sons_daughters"]);
    let stranger = c.app.household(&c.service, "NOT-A-MEMBER").await;
    let outside = hub.post_json(&format!("{path}/attendance"), &came(&stranger, 1, 0, 0)).await;
    assert_eq!(outside.error_fields(), ["household_id"]);

    let cancel = hub.post_json(&format!("{path}/cancel"), &json!({"reason": "Rain"})).await;
    assert_eq!(cancel.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(cancel.field_error("reason").contains("happened"), "{}", cancel.body);

    // Taking a household off: nobody came from it after all.
    let off = hub.post_json(&format!("{path}/attendance"), &came(&c.satellites[1], 0, 0, 0)).await;
    assert_eq!(off.json()["attendance"].as_array().unwrap().len(), 1);
    let page = hub.get(&format!("/events/{}", held.json()["id"].as_str().unwrap())).await;
    assert!(page.body.contains("All households (total)"), "the page totals who came");
}

#[tokio::test]
async fn a_cancelled_event_says_why_and_takes_no_more_answers_or_changes() {
    let c = constellation(2, 1).await;
    let liaison = c.liaison().await;
    let made = liaison.post_json("/api/v1/events", &event(&c.constellation, &at(5, "19:00"))).await;
    let id = made.json()["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/events/{id}");
    let empty = liaison.post_json(&format!("{path}/cancel"), &json!({"reason": " "})).await;
    assert_eq!(empty.error_fields(), ["reason"]);
    let done = liaison.post_json(&format!("{path}/cancel"), &json!({"reason": "Snow"})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["cancelled"], true);
    let again = liaison.post_json(&format!("{path}/cancel"), &json!({"reason": "Snow"})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let late = carer.post_json(&format!("{path}/reply"), &json!({"answer": "coming"})).await;
    assert!(late.field_error("event").contains("cancelled"), "{}", late.body);
    let changed = liaison.put_json(&path, &event(&c.constellation, &at(6, "19:00"))).await;
    assert_eq!(changed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(carer.get(&format!("/events/{id}")).await.body.contains("Cancelled: Snow"));
}

#[tokio::test]
async fn events_stay_inside_their_constellation_and_bad_input_is_named() {
    let c = constellation(2, 1).await;
    let hub = c.hub_carer().await;
    let made = hub.post_json("/api/v1/events", &event(&c.constellation, &at(5, "19:00"))).await;
    let path = format!("/api/v1/events/{}", made.json()["id"].as_str().unwrap());

    let elsewhere = c.app.service("Southmoor Fostering").await;
    let other = c.app.constellation(&elsewhere, "Foxglove").await;
    let theirs = hub.post_json("/api/v1/events", &event(&other, &at(5, "19:00"))).await;
    assert_eq!(theirs.error_fields(), ["constellation_id"]);
    let place = Place::Constellation(id(&other));
    let (their_hub, _) =
        c.app.as_user("h2@example.org", Grant { role: Role::HubCarer, place }).await;
    assert_eq!(their_hub.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(their_hub.get("/api/v1/events").await.json()["total"], 0);
    let moved = hub.put_json(&path, &event(&other, &at(5, "19:00"))).await;
    assert_eq!(moved.error_fields(), ["constellation_id"]);

    let empty = hub.post_json("/api/v1/events", &json!({})).await;
    assert_eq!(empty.error_fields(), ["constellation_id", "kind", "title", "starts_at"]);
    let mut backwards = event(&c.constellation, &at(5, "19:00"));
    backwards["ends_at"] = json!(at(5, "18:00"));
    assert_eq!(hub.post_json("/api/v1/events", &backwards).await.error_fields(), ["ends_at"]);
    assert_eq!(hub.get("/api/v1/events?status=soon").await.error_fields(), ["status"]);

    let form = hub
        .post_form(
            "/events/new",
            &[("constellation_id", &c.constellation), ("title", "Quiz night")],
        )
        .await;
    assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(form.body.contains("Kind of event is required"), "{}", form.body);
    assert!(form.body.contains("value=\"Quiz night\""));
}

#[tokio::test]
async fn the_hub_carer_takes_a_households_answer_and_attendance_lists_the_households_of_the_day() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let soon = hub.post_json("/api/v1/events", &event(&c.constellation, &at(4, "18:00"))).await;
    let id = soon.json()["id"].as_str().unwrap().to_string();
    let page = hub.get(&format!("/events/{id}")).await;
    assert!(page.body.contains(&format!("/events/{id}/answer")), "{}", page.body);
    let blank = hub.post_form(&format!("/events/{id}/answer"), &[("answer", "coming")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", blank.body);
    assert!(blank.body.contains("say which household is answering"), "{}", blank.body);
    let first = &c.satellites[0];
    let sent = hub
        .post_form(&format!("/events/{id}/answer"), &[("household_id", first), ("answer", "maybe")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let read = hub.get(&format!("/api/v1/events/{id}")).await.json();
    assert_eq!(read["replies"][0]["answer"], "maybe");
    let early = hub.get(&format!("/events/{id}/attendance")).await;
    assert!(
        early.body.contains("Who came is recorded once the event has started."),
        "{}",
        early.body
    );

    // A household that left the constellation since the event is still listed for it; one that
    // joined after is not.
    let held = hub.post_json("/api/v1/events", &event(&c.constellation, &at(-20, "10:00"))).await;
    let held = held.json()["id"].as_str().unwrap().to_string();
    let late = c.app.household(&c.service, "S-late").await;
    c.app
        .join(&late, &c.constellation, "satellite", &domain::Date::today().add_days(-5).to_string())
        .await;
    let form = hub.get(&format!("/events/{held}/attendance")).await;
    assert!(form.body.contains(first.as_str()), "{}", form.body);
    assert!(!form.body.contains(late.as_str()), "joined after the event: {}", form.body);
}
