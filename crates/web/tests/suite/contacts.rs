//! One-to-one support contacts: logged in one form, found by household, person and month, kept
//! from satellite carers and other services, corrected with the old answers kept.

use axum::http::StatusCode;
use domain::{Date, Grant, Place, Role};
use serde_json::json;

use crate::sleepovers::{constellation, id};

fn contact(household: &str, minutes: i64, topics: &[&str]) -> serde_json::Value {
    json!({"household_id": household, "channel": "phone", "minutes": minutes, "topics": topics})
}

#[tokio::test]
async fn a_hub_carer_logs_a_contact_and_finds_it_by_household_person_and_month() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let liaison = c.liaison().await;
    let (home, other) = (&c.satellites[0], &c.satellites[1]);

    let now = hub.post_json("/api/v1/contacts", &contact(home, 15, &["crisis", "advice"])).await;
    assert_eq!(now.status, StatusCode::CREATED, "{}", now.body);
    let logged = now.json();
    assert_eq!(logged["topics"], json!(["advice", "crisis"]));
    assert_eq!(logged["made_by"], "Someone Else");
    let at: jiff::Timestamp = logged["at"].as_str().unwrap().parse().unwrap();
    assert!((jiff::Timestamp::now().as_second() - at.as_second()).abs() < 60, "{at}");

    // Logged late, for last month, by the liaison worker, with the other household.
    let last_month = Date::today().month().previous();
    let earlier = format!("{}T10:30", last_month.first_day().add_days(9));
    let mut late = contact(other, 40, &["transport"]);
    late["at"] = json!(earlier);
    late["channel"] = json!("in_person");
    let late = liaison.post_json("/api/v1/contacts", &late).await;
    assert_eq!(late.status, StatusCode::CREATED, "{}", late.body);

    let count = |path: String| {
        let liaison = liaison.clone();
        async move {
            let reply = liaison.get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
            reply.json()["total"].as_u64().unwrap()
        }
    };
    assert_eq!(count("/api/v1/contacts".into()).await, 2);
    assert_eq!(count(format!("/api/v1/contacts?household_id={home}")).await, 1);
    assert_eq!(count(format!("/api/v1/contacts?month={last_month}")).await, 1);
    assert_eq!(count(format!("/api/v1/contacts?month={}", Date::today().month())).await, 1);
    assert_eq!(count("/api/v1/contacts?made_by=me".into()).await, 1);
    let hub_user = logged["made_by_user"].as_str().unwrap();
    assert_eq!(count(format!("/api/v1/contacts?made_by={hub_user}")).await, 1);
    assert_eq!(count(format!("/api/v1/contacts?made_by={hub_user}&household_id={other}")).await, 0);

    // The page: the month's log, filtered by the person, and the one-screen form.
    let page = liaison.get(&format!("/contacts?month={last_month}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("In person, 40 min") && !page.body.contains("Phone, 15 min"));
    let form = hub
        .post_form(
            "/contacts/new",
            &[
                ("household_id", home),
                ("channel", "video"),
                ("minutes", "25"),
                ("topics", "emotional_support"),
                ("topics", "practical_help"),
                ("at", ""),
                ("note", "Talked through the school run."),
            ],
        )
        .await;
    assert_eq!(form.status, StatusCode::SEE_OTHER, "{}", form.body);
    let location = form.location.unwrap();
    let shown = hub.get(&location).await;
    assert!(shown.body.contains("Contact logged."), "{}", shown.body);
    assert!(shown.body.contains("Emotional support, Practical help"));
    assert_eq!(count("/api/v1/contacts".into()).await, 3);
    assert_eq!(count("/api/v1/contacts?q=SCHOOL".into()).await, 1, "a word of the note");
    assert_eq!(count("/api/v1/contacts?q=nobody-at-all".into()).await, 0);
}

#[tokio::test]
async fn support_contacts_are_kept_from_satellite_carers_and_other_services() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let home = &c.satellites[0];
    let logged = hub.post_json("/api/v1/contacts", &contact(home, 10, &["advice"])).await;
    let logged_id = logged.json()["id"].as_str().unwrap().to_string();

    // The household supported does not read what the hub carer noted, nor do its neighbours.
    let satellite = c.satellite_carer("sat@example.org", home).await;
    let list = satellite.get("/api/v1/contacts").await;
    assert_eq!(list.json()["total"], 0);
    assert_eq!(satellite.get(&format!("/api/v1/contacts/{logged_id}")).await.status, 404);
    let own = satellite.post_json("/api/v1/contacts", &contact(home, 10, &["advice"])).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);

    // Another service's manager sees none of it, and cannot log with this service's homes.
    let elsewhere = c.app.service("Southmoor Fostering").await;
    let place = Place::Service(id(&elsewhere));
    let (manager, _) =
        c.app.as_user("other@example.org", Grant { role: Role::ServiceManager, place }).await;
    assert_eq!(manager.get(&format!("/api/v1/contacts/{logged_id}")).await.status, 404);
    assert_eq!(manager.get("/api/v1/contacts").await.json()["total"], 0);
    let theirs = manager.post_json("/api/v1/contacts", &contact(home, 10, &["advice"])).await;
    assert_eq!(theirs.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(theirs.error_fields(), ["household_id"]);
    let put = manager
        .put_json(&format!("/api/v1/contacts/{logged_id}"), &contact(home, 5, &["other"]))
        .await;
    assert_eq!(put.status, 404);

    // A hub carer gives support to others: not to the hub household itself.
    let self_support = hub.post_json("/api/v1/contacts", &contact(&c.hub, 10, &["advice"])).await;
    assert_eq!(self_support.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(self_support.field_error("household_id").contains("hub household"));
    let liaison = c.liaison().await;
    let to_hub = liaison.post_json("/api/v1/contacts", &contact(&c.hub, 30, &["advice"])).await;
    assert_eq!(to_hub.status, StatusCode::CREATED, "{}", to_hub.body);
}

#[tokio::test]
async fn a_contact_is_corrected_by_whoever_logged_it_and_the_audit_keeps_what_changed() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let home = &c.satellites[0];
    let mut first = contact(home, 10, &["advice"]);
    first["at"] = json!(format!("{}T09:15", Date::today().add_days(-2)));
    let logged = hub.post_json("/api/v1/contacts", &first).await.json();
    let path = format!("/api/v1/contacts/{}", logged["id"].as_str().unwrap());

    // Sent without a time, the correction keeps the contact's time.
    let fixed = hub.put_json(&path, &contact(home, 45, &["advice", "crisis"])).await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    assert_eq!(fixed.json()["minutes"], 45);
    assert_eq!(fixed.json()["at"], logged["at"]);

    // Another hub carer of the same constellation reads it but may not rewrite it.
    let place = Place::Constellation(id(&c.constellation));
    let (second, _) =
        c.app.as_user("cohub@example.org", Grant { role: Role::HubCarer, place }).await;
    assert_eq!(second.get(&path).await.status, StatusCode::OK);
    assert_eq!(second.put_json(&path, &contact(home, 1, &["other"])).await.status, 403);
    let liaison = c.liaison().await;
    assert_eq!(liaison.put_json(&path, &contact(home, 50, &["advice"])).await.status, 200);

    let pool = c.app.pool().await;
    let entries: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, fields FROM audit_entries WHERE record_id = $1 ORDER BY at, id",
    )
    .bind(logged["id"].as_str().unwrap())
    .fetch_all(&pool)
    .await
    .unwrap();
    let actions: Vec<&str> = entries.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["create", "update", "update"]);
    assert!(entries[1].1.contains("minutes") && entries[1].1.contains("topics"), "{entries:?}");
    assert!(!entries[1].1.contains("at"), "the time did not change: {entries:?}");
}

#[tokio::test]
async fn bad_contacts_get_a_clear_message_for_each_field() {
    let c = constellation(2, 1).await;
    let hub = c.hub_carer().await;
    let home = &c.satellites[0];
    let empty = hub.post_json("/api/v1/contacts", &json!({})).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.error_fields(), ["household_id", "channel", "minutes", "topics"]);

    let mut wrong = contact(home, 481, &["gossip"]);
    wrong["note"] = json!("x".repeat(2_000));
    wrong["at"] = json!(format!("{}T10:00", Date::today().add_days(2)));
    let wrong = hub.post_json("/api/v1/contacts", &wrong).await;
    assert_eq!(wrong.error_fields(), ["at", "minutes", "topics", "note"]);
    assert!(wrong.field_error("at").contains("future"));

    assert_eq!(hub.get("/api/v1/contacts?month=2026-13").await.error_fields(), ["month"]);
    assert_eq!(hub.get("/api/v1/contacts?made_by=someone").await.error_fields(), ["made_by"]);

    // The form shows each problem beside its question, with what was typed kept.
    let form = hub.post_form("/contacts/new", &[("household_id", home), ("minutes", "ten")]).await;
    assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(form.body.contains("There is a problem"));
    assert!(
        form.body.contains(
            "How was the contact made is required: choose phone, in person, video or message"
        ),
        "{}",
        form.body
    );
    assert!(form.body.contains("value=\"ten\""));
    assert_eq!(hub.get("/api/v1/contacts").await.json()["total"], 0);
}
