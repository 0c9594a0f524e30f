//! Concerns: raised by the hub carer, a red flag e-mailed to the liaison worker without names,
//! support linked, closed only by the liaison worker, and counted only when it should be.

use axum::http::StatusCode;
use domain::{Date, Grant, Place, Role};
use serde_json::json;

use crate::sleepovers::{ask, constellation, days_ahead, id};

fn concern(home: &str, child: &str) -> serde_json::Value {
    json!({"household_id": home, "kind": "placement_at_risk", "child_id": child,
           "note": "Juniper ran away from school twice this week"})
}

fn at_days(days: i32) -> String {
    domain::Date::today().add_days(days).to_string()
}

#[tokio::test]
async fn a_second_concern_within_a_week_alerts_the_liaison_worker_without_naming_anyone() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let liaison = c.liaison().await;
    let (home, child) = (&c.satellites[0], &c.children[0][0]);

    let first = hub.post_json("/api/v1/concerns", &concern(home, child)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.json()["red_flag"], json!(null));
    assert!(c.app.store.claim_mail(50).await.unwrap().is_empty(), "no flag, no e-mail");

    let mut second = concern(home, child);
    second["opened_on"] = json!(Date::today().add_days(-1).to_string());
    let second = hub.post_json("/api/v1/concerns", &second).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
    let flag = second.json()["red_flag"].as_str().unwrap().to_string();
    assert!(flag.contains("7 days"), "{flag}");
    let mail = c.app.store.claim_mail(50).await.unwrap();
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0].to, "liaison@example.org");
    assert!(mail[0].subject.starts_with("Red flag"));
    for name in ["Juniper", "Okafor", "school"] {
        assert!(!mail[0].body.contains(name) && !mail[0].subject.contains(name), "{name}");
    }

    // A liaison worker who chose no red flags is not e-mailed; the flag is still recorded.
    liaison.put_json("/api/v1/account/notifications", &json!({"answers": true})).await;
    let other = &c.satellites[1];
    let carer = c.satellite_carer("sat@example.org", other).await;
    let mut emergency = ask(other, &[&c.children[1][0]], &days_ahead(0), 2);
    emergency["kind"] = json!("emergency");
    emergency["reason"] = json!("crisis");
    let stay = carer.post_json("/api/v1/sleepovers", &emergency).await;
    assert_eq!(stay.status, StatusCode::CREATED, "{}", stay.body);
    c.app.store.claim_mail(50).await.unwrap();
    let resign = json!({"household_id": other, "kind": "carer_may_resign",
                        "carer_id": null});
    let refused = hub.post_json("/api/v1/concerns", &resign).await;
    assert_eq!(refused.error_fields(), ["carer_id"]);
    let during =
        json!({"household_id": other, "kind": "residential_risk", "child_id": c.children[1][0]});
    let during = hub.post_json("/api/v1/concerns", &during).await;
    assert!(during.json()["red_flag"].as_str().unwrap().contains("emergency sleepover"));
    assert!(c.app.store.claim_mail(50).await.unwrap().is_empty());
}

#[tokio::test]
async fn only_the_liaison_worker_closes_a_concern_and_only_a_helped_stabilisation_counts() {
    let c = constellation(2, 1).await;
    let hub = c.hub_carer().await;
    let liaison = c.liaison().await;
    let (home, child) = (&c.satellites[0], &c.children[0][0]);
    let made = hub.post_json("/api/v1/concerns", &concern(home, child)).await.json();
    let path = format!("/api/v1/concerns/{}", made["id"].as_str().unwrap());

    // Support given is linked: a contact with the household, not one with another.
    let contact = hub
        .post_json(
            "/api/v1/contacts",
            &json!({"household_id": home, "channel": "phone",
                    "minutes": 20, "topics": ["crisis"]}),
        )
        .await
        .json();
    let linked = hub
        .post_json(
            &format!("{path}/actions"),
            &json!({"kind": "contact", "record_id": contact["id"]}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    assert_eq!(linked.json()["actions"][0]["kind"], "contact");
    let wrong = hub
        .post_json(
            &format!("{path}/actions"),
            &json!({"kind": "sleepover", "record_id": contact["id"]}),
        )
        .await;
    assert_eq!(wrong.error_fields(), ["record_id"]);
    // A sleepover that was cancelled gave no support, and the link form does not offer it.
    let stay = c
        .app
        .create("/api/v1/sleepovers", crate::sleepovers::ask(home, &[child], &at_days(9), 1))
        .await;
    let cancelled = c
        .app
        .post_json(&format!("/api/v1/sleepovers/{stay}/cancel"), &json!({"reason": "Unwell"}))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
    let gone = hub
        .post_json(&format!("{path}/actions"), &json!({"kind": "sleepover", "record_id": stay}))
        .await;
    assert!(gone.field_error("record_id").contains("supported"), "{}", gone.body);
    let page_path = format!("/concerns/{}", made["id"].as_str().unwrap());
    let form = hub.get(&format!("{page_path}/link")).await;
    assert!(!form.body.contains(&stay), "a cancelled stay is offered: {}", form.body);
    // The concern's page says what each piece of support was, and who linked it.
    let page = hub.get(&page_path).await;
    assert!(page.body.contains("Phone contact, "), "{}", page.body);
    assert!(page.body.contains(" by Someone Else"), "{}", page.body);

    let helped = json!({"outcome": "stabilised", "attributed": true, "note": "Settled again"});
    assert_eq!(
        hub.post_json(&format!("{path}/close"), &helped).await.status,
        StatusCode::FORBIDDEN
    );
    let (manager, _) = c
        .app
        .as_user(
            "boss@example.org",
            Grant { role: Role::ServiceManager, place: Place::Service(id(&c.service)) },
        )
        .await;
    assert_eq!(
        manager.post_json(&format!("{path}/close"), &helped).await.status,
        StatusCode::FORBIDDEN
    );
    let unsure =
        liaison.post_json(&format!("{path}/close"), &json!({"outcome": "stabilised"})).await;
    assert_eq!(unsure.error_fields(), ["attributed"]);
    let closed = liaison.post_json(&format!("{path}/close"), &helped).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.json()["attributed"], true);
    assert_eq!(
        liaison.post_json(&format!("{path}/close"), &helped).await.status,
        StatusCode::CONFLICT
    );
    let page = liaison.get(&format!("/concerns/{}", made["id"].as_str().unwrap())).await;
    assert!(page.body.contains("A placement breakdown prevented"), "{}", page.body);
    let late = hub
        .post_json(
            &format!("{path}/actions"),
            &json!({"kind": "contact", "record_id": contact["id"]}),
        )
        .await;
    assert_eq!(late.error_fields(), ["record_id"]);

    // Ended: not put down to support, whatever was sent.
    let again = hub.post_json("/api/v1/concerns", &concern(home, child)).await.json();
    let ended = liaison
        .post_json(
            &format!("/api/v1/concerns/{}/close", again["id"].as_str().unwrap()),
            &json!({"outcome": "ended", "attributed": true}),
        )
        .await;
    assert_eq!(ended.json()["attributed"], false);
    let page = liaison.get(&format!("/concerns/{}", again["id"].as_str().unwrap())).await;
    assert!(!page.body.contains("prevented"));
}

#[tokio::test]
async fn concerns_are_kept_from_satellite_carers_and_other_services() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let (home, child) = (&c.satellites[0], &c.children[0][0]);
    let made = hub.post_json("/api/v1/concerns", &concern(home, child)).await.json();
    let path = format!("/api/v1/concerns/{}", made["id"].as_str().unwrap());
    // The hub carer reads children by first name here too.
    assert_eq!(made["child_name"], "Juniper0x0");

    let carer = c.satellite_carer("sat@example.org", home).await;
    assert_eq!(carer.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(carer.get("/api/v1/concerns").await.json()["total"], 0);
    let raised = carer.post_json("/api/v1/concerns", &concern(home, child)).await;
    assert_eq!(raised.status, StatusCode::FORBIDDEN);

    let elsewhere = c.app.service("Southmoor Fostering").await;
    let (manager, _) = c
        .app
        .as_user(
            "other@example.org",
            Grant { role: Role::ServiceManager, place: Place::Service(id(&elsewhere)) },
        )
        .await;
    assert_eq!(manager.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        manager.post_json("/api/v1/concerns", &concern(home, child)).await.error_fields(),
        ["household_id"]
    );
    // Another household's child is refused by name of the field.
    let theirs = concern(home, &c.children[1][0]);
    assert_eq!(hub.post_json("/api/v1/concerns", &theirs).await.error_fields(), ["child_id"]);

    let form = hub
        .post_form(&format!("/concerns/new?household_id={home}"), &[("kind", "carer_may_resign")])
        .await;
    assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(form.body.contains("Which carer is required"), "{}", form.body);
}
