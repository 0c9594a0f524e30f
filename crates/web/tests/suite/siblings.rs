//! Sibling groups and sibling contact: brothers and sisters linked by the service, meetings found
//! in events and sleepovers, recorded directly, withdrawn, and seen only by those who run support.

use axum::http::StatusCode;
use domain::Date;
use serde_json::json;

use crate::sleepovers::{Constellation, ask, constellation, days_ahead, futures_join, message};

fn link(child: &str) -> String {
    format!("/api/v1/children/{child}/siblings")
}

async fn group_of(c: &Constellation, child: &str) -> serde_json::Value {
    c.app.get(&format!("/api/v1/children/{child}")).await.json()["sibling_group_id"].clone()
}

/// Ava (the first satellite's first child) and Ben (the second's) linked as siblings.
async fn apart() -> (Constellation, String, String) {
    let c = constellation(2, 2).await;
    let (ava, ben) = (c.children[0][0].clone(), c.children[1][0].clone());
    let linked = c.liaison().await.post_json(&link(&ava), &json!({"sibling_id": ben})).await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    assert_eq!(linked.json()[0]["id"], ben.as_str());
    (c, ava, ben)
}

#[tokio::test]
async fn staff_link_brothers_and_sisters_and_groups_join() {
    let (c, ava, ben) = apart().await;
    let liaison = c.liaison().await;
    assert_eq!(group_of(&c, &ava).await, group_of(&c, &ben).await);
    assert!(group_of(&c, &ava).await.is_string());

    // Not to themself, not to a child of another service, not by a carer.
    let own = liaison.post_json(&link(&ava), &json!({"sibling_id": ava})).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(own.field_error("sibling_id").contains("this child"), "{}", own.body);
    let elsewhere_service = c.app.service("Southbank Fostering").await;
    let elsewhere_home = c.app.household(&elsewhere_service, "X-1").await;
    let stranger = c.app.child(&elsewhere_service, &elsewhere_home).await;
    let far = liaison.post_json(&link(&ava), &json!({"sibling_id": stranger})).await;
    assert_eq!(far.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", far.body);
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let housemate = &c.children[0][1];
    let by_carer = carer.post_json(&link(&ava), &json!({"sibling_id": housemate})).await;
    assert_eq!(by_carer.status, StatusCode::FORBIDDEN);
    let unseen = carer.post_json(&link(&ava), &json!({"sibling_id": ben})).await;
    assert_eq!(unseen.status, StatusCode::UNPROCESSABLE_ENTITY, "Ben is not a child they can see");

    // Two links made at once, each joining one of a second pair to the first group: all four
    // end in one group.
    let (cal, dee) = (c.children[0][1].clone(), c.children[1][1].clone());
    let paired = liaison.post_json(&link(&cal), &json!({"sibling_id": dee})).await;
    assert_eq!(paired.status, StatusCode::OK);
    let tries = [(ava.clone(), cal.clone()), (dee.clone(), ben.clone())].map(|(a, b)| {
        let app = c.app.clone();
        async move { app.post_json(&link(&a), &json!({"sibling_id": b})).await }
    });
    for reply in futures_join(tries.into_iter()).await {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let group = group_of(&c, &ava).await;
    for child in [&ben, &cal, &dee] {
        assert_eq!(group_of(&c, child).await, group, "{child}");
    }
    assert_eq!(c.app.get(&link(&ava)).await.json().as_array().unwrap().len(), 3);

    // Taken out one by one: the last left alone is no group either.
    for child in [&ava, &ben, &cal] {
        let out = liaison.delete(&link(child)).await;
        assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    }
    assert!(group_of(&c, &dee).await.is_null());
    let again = liaison.delete(&link(&dee)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn siblings_whose_households_brought_children_to_one_event_had_sibling_contact() {
    let (c, ava, ben) = apart().await;
    let hub = c.hub_carer().await;
    let start = format!("{}T10:00", Date::today().add_days(-1));
    let event = hub
        .post_json(
            "/api/v1/events",
            &json!({"constellation_id": c.constellation, "kind": "social", "title": "Bonfire",
                    "starts_at": start}),
        )
        .await;
    assert_eq!(event.status, StatusCode::CREATED, "{}", event.body);
    let event = event.json()["id"].as_str().unwrap().to_string();
    let came = |home: &String, children: i64| json!({"household_id": home, "adults": 1, "children": children});
    let path = format!("/api/v1/events/{event}/attendance");
    for home in &c.satellites {
        let reply = hub.post_json(&path, &came(home, 2)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    let found = c.liaison().await.get(&format!("/api/v1/sibling-contacts?child_id={ava}")).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let list = found.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["source"], "event");
    assert_eq!(list[0]["record_id"], event.as_str());
    assert_eq!(list[0]["what"], "Bonfire");
    let names: Vec<&str> = list[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Juniper0x0 Okafor", "Juniper1x0 Okafor"]);

    // The hub carer sees first names; a satellite carer sees none of it.
    let theirs = hub.get(&format!("/api/v1/sibling-contacts?child_id={ben}")).await.json();
    assert_eq!(theirs[0]["children"][0]["name"], "Juniper0x0");
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let none = carer.get(&format!("/api/v1/sibling-contacts?child_id={ava}")).await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(none.json(), json!([]));

    // Attendance corrected: Ben's household brought no children after all.
    let corrected = hub.post_json(&path, &came(&c.satellites[1], 0)).await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
    let month = Date::today().add_days(-1).month();
    let after = c.app.get(&format!("/api/v1/sibling-contacts?month={month}")).await.json();
    assert_eq!(after, json!([]));
}

#[tokio::test]
async fn siblings_under_one_roof_on_the_same_night_had_sibling_contact() {
    let (c, ava, ben) = apart().await;
    let first = days_ahead(5);
    let mut stays = Vec::new();
    for (home, child) in [(&c.satellites[0], &ava), (&c.satellites[1], &ben)] {
        let stay = c.app.create("/api/v1/sleepovers", ask(home, &[child], &first, 2)).await;
        stays.push(stay);
    }
    let month = Date::parse(&first).unwrap().month();
    let path = format!("/api/v1/sibling-contacts?month={month}");
    assert_eq!(c.app.get(&path).await.json(), json!([]), "asked for, not yet confirmed");
    for stay in &stays {
        let confirmed =
            c.app.post_json(&format!("/api/v1/sleepovers/{stay}/confirm"), &json!({})).await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    }
    let found = c.app.get(&path).await.json();
    assert_eq!(found.as_array().unwrap().len(), 1, "two nights together are one contact: {found}");
    assert_eq!(found[0]["source"], "sleepover");
    assert_eq!(found[0]["on"], first.as_str());
    assert_eq!(found[0]["what"], "Sleepover at Hartley household");

    // One stay cancelled: Ava is at the hub alone.
    let cancelled = c
        .app
        .post_json(&format!("/api/v1/sleepovers/{}/cancel", stays[1]), &json!({"reason": "Ill"}))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
    assert_eq!(c.app.get(&path).await.json(), json!([]));
}

#[tokio::test]
async fn a_meeting_is_recorded_directly_checked_and_withdrawn_with_a_reason() {
    let (c, ava, ben) = apart().await;
    let hub = c.hub_carer().await;
    let today = Date::today().to_string();
    let meeting =
        |ids: Vec<&String>, on: &str| json!({"child_ids": ids, "on": on, "note": "Park and tea"});

    let one = hub.post_json("/api/v1/sibling-contacts", &meeting(vec![&ava], &today)).await;
    assert_eq!(one.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&one).contains("at least two"), "{}", one.body);
    let ahead =
        hub.post_json("/api/v1/sibling-contacts", &meeting(vec![&ava, &ben], &days_ahead(2))).await;
    assert_eq!(ahead.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(ahead.field_error("on").contains("future"), "{}", ahead.body);
    let blank = hub
        .post_json(
            "/api/v1/sibling-contacts",
            &json!({"child_ids": [ava, ben], "on": today, "note": " "}),
        )
        .await;
    assert!(blank.field_error("note").contains("required"), "{}", blank.body);
    // Ava's sister at home with her is not placed apart, and a child outside any group is not a
    // sibling at all.
    let unlinked = &c.children[0][1];
    let together =
        hub.post_json("/api/v1/sibling-contacts", &meeting(vec![&ava, unlinked], &today)).await;
    assert_eq!(together.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", together.body);
    let liaison = c.liaison().await;
    liaison.post_json(&link(&ava), &json!({"sibling_id": unlinked})).await;
    let home =
        hub.post_json("/api/v1/sibling-contacts", &meeting(vec![&ava, unlinked], &today)).await;
    assert!(message(&home).contains("one household"), "{}", home.body);

    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let by_carer =
        carer.post_json("/api/v1/sibling-contacts", &meeting(vec![&ava, &ben], &today)).await;
    assert_ne!(by_carer.status, StatusCode::CREATED, "a satellite carer does not record them");

    let made = hub.post_json("/api/v1/sibling-contacts", &meeting(vec![&ava, &ben], &today)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let made = made.json();
    assert_eq!(made["source"], "recorded");
    let homes: Vec<&str> = made["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["household_id"].as_str().unwrap())
        .collect();
    assert_eq!(homes, [c.satellites[0].as_str(), c.satellites[1].as_str()]);
    let list = liaison.get(&format!("/api/v1/sibling-contacts?child_id={ben}")).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["what"], "Park and tea");

    let id = made["record_id"].as_str().unwrap();
    let path = format!("/api/v1/sibling-contacts/{id}/withdraw");
    let no_reason = hub.post_json(&path, &json!({})).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let by_other = carer.post_json(&path, &json!({"reason": "Mistake"})).await;
    assert_eq!(by_other.status, StatusCode::NOT_FOUND);
    let withdrawn = hub.post_json(&path, &json!({"reason": "Entered twice"})).await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT, "{}", withdrawn.body);
    let twice = liaison.post_json(&path, &json!({"reason": "Entered twice"})).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);
    let after = liaison.get(&format!("/api/v1/sibling-contacts?child_id={ben}")).await.json();
    assert_eq!(after, json!([]));
}

#[tokio::test]
async fn the_pages_link_siblings_record_a_meeting_and_show_it_on_the_child() {
    let (c, ava, ben) = apart().await;
    let liaison = c.liaison().await;
    let page = liaison.get(&format!("/children/{ava}")).await;
    assert!(page.body.contains("Brothers and sisters"), "{}", page.body);
    assert!(page.body.contains("Juniper1x0 Okafor"));
    assert!(page.body.contains("No sibling contact in the last year."));

    let form = format!("/sibling-contacts/new?child_id={ava}");
    let wrong = liaison.post_form(&form, &[("child_ids", &ava), ("on", ""), ("note", "")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
    assert!(wrong.body.contains("must name at least two children"), "{}", wrong.body);
    let today = Date::today().to_string();
    let sent = liaison
        .post_form(
            &form,
            &[("child_ids", &ava), ("child_ids", &ben), ("on", &today), ("note", "Zoo trip")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let page = liaison.get(&format!("/children/{ben}")).await;
    assert!(page.body.contains("Zoo trip"), "{}", page.body);
    let month = liaison.get("/sibling-contacts").await;
    assert!(month.body.contains("Zoo trip"), "{}", month.body);
    assert!(month.body.contains("/withdraw"), "the staff may withdraw it");

    // The hub carer sees it by first names, and no way to withdraw what someone else recorded;
    // a satellite carer is told who keeps sibling contact.
    let hub = c.hub_carer().await.get(&format!("/children/{ben}")).await;
    assert!(hub.body.contains("Zoo trip"), "{}", hub.body);
    assert!(!hub.body.contains("/withdraw"), "{}", hub.body);
    assert!(!hub.body.contains("Juniper1x0 Okafor"), "{}", hub.body);
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let told = carer.get("/sibling-contacts").await;
    assert!(told.body.contains("kept by the hub carer and the liaison worker"), "{}", told.body);
}
