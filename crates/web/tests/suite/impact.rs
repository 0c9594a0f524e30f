//! Impact and cost: the costs avoided in a financial year, worked out again here from the
//! returns as sent and the unit costs in force; unit costs and programme costs set by the
//! programme lead alone, every one kept.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use domain::{Date, Grant, Month, Place, Role};
use serde_json::{Value, json};
use store::demo::DemoSpec;

use crate::harness::TestApp;
use crate::sleepovers::id;

/// Sends every service's return for each month of April 2025 to March 2026, and gives back
/// the three counts each return sent, added up by service.
async fn send_the_year(app: &TestApp) -> BTreeMap<String, [i64; 4]> {
    let services = app.get("/api/v1/services?per_page=100").await.json();
    let mut sent = BTreeMap::new();
    for service in services["items"].as_array().expect("items") {
        let service = service["id"].as_str().expect("id").to_string();
        let mut month = Month::parse("2025-04").unwrap();
        let mut totals = [0; 4];
        for _ in 0..12 {
            let path = format!("/api/v1/services/{service}/returns/{month}");
            let reply = app.post_json(&format!("{path}/submit"), &json!({})).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            let figures = reply.json()["versions"][0]["figures"].clone();
            let value = |key: &str| {
                figures.as_array().unwrap().iter().find(|f| f["key"] == key).unwrap()["value"]
                    .as_i64()
                    .unwrap()
            };
            let keys = [
                "breakdowns_prevented",
                "resignations_avoided",
                "residential_avoided",
                "constellations",
            ];
            for (total, key) in totals.iter_mut().zip(keys) {
                *total += value(key);
            }
            month = month.next();
        }
        sent.insert(service, totals);
    }
    sent
}

fn amount(book: &Value, kind: &str) -> i64 {
    let cost = book["unit_costs"].as_array().unwrap().iter().find(|c| c["kind"] == kind).unwrap();
    cost["amount"].as_i64().unwrap()
}

/// What the returns sent avoided, at the unit costs of `book`.
fn expected(totals: &[i64; 4], book: &Value) -> i64 {
    let weekly = amount(book, "children_home_week") - amount(book, "foster_care_week");
    totals[0] * amount(book, "breakdown")
        + totals[1] * amount(book, "resignation")
        + totals[2] * amount(book, "residential_weeks") * weekly
}

#[tokio::test]
async fn the_costs_avoided_are_each_count_sent_times_its_unit_cost_against_what_the_programme_costs()
 {
    let app = TestApp::spawn().await;
    let spec =
        DemoSpec { households: 80, years: 3, seed: 7, until: Date::parse("2026-06-30").unwrap() };
    app.store.generate_demo(&spec).await.expect("demo");
    app.manage_every_service().await;
    let sent = send_the_year(&app).await;
    let mut all = [0; 4];
    for totals in sent.values() {
        for (a, t) in all.iter_mut().zip(totals) {
            *a += t;
        }
    }
    assert!(all[0] > 0, "the demo prevents some breakdowns: {all:?}");

    // At the published figures, with no programme costs recorded: no return per pound yet.
    let book = app.get("/api/v1/costs").await.json();
    assert_eq!(amount(&book, "breakdown"), 104_000);
    assert_eq!(book["unit_cost_history"], json!([]));
    let r = app.get("/api/v1/impact?period=2025-26").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = r.json();
    assert_eq!(r["national"]["avoided"].as_i64(), Some(expected(&all, &book)));
    assert_eq!(r["national"]["per_pound"], Value::Null);
    assert_eq!(r["national"]["returns"].as_i64(), Some(12 * sent.len() as i64));
    for service in r["services"].as_array().unwrap() {
        let totals = &sent[service["service_id"].as_str().unwrap()];
        assert_eq!(service["avoided"].as_i64(), Some(expected(totals, &book)), "{service}");
    }

    // The programme lead sets a unit cost and the year's programme costs; both are kept.
    let set = app
        .post_json("/api/v1/costs/unit-costs", &json!({"kind": "breakdown", "amount": "1,250.50", "source": "A regional study of placement endings", "year": "2024"}))
        .await;
    assert_eq!(set.status, StatusCode::CREATED, "{}", set.body);
    let costs = app
        .post_json("/api/v1/costs/programme-costs", &json!({"year": "2025-26", "hub_fees": "60,000", "liaison": "30000", "licence": "6,000"}))
        .await;
    assert_eq!(costs.status, StatusCode::CREATED, "{}", costs.body);
    let book = costs.json();
    assert_eq!(amount(&book, "breakdown"), 125_050);
    assert_eq!(book["unit_cost_history"].as_array().unwrap().len(), 1);
    let r = app.get("/api/v1/impact?period=2025-26").await.json();
    let avoided = expected(&all, &book);
    let spent = (all[3] * 9_600_000 + 6) / 12;
    assert_eq!(r["national"]["avoided"].as_i64(), Some(avoided));
    assert_eq!(r["national"]["spent"].as_i64(), Some(spent));
    let ratio = (avoided as f64 / spent as f64 * 100.0).round() / 100.0;
    assert_eq!(r["national"]["per_pound"].as_f64(), Some(ratio));
    let working = r["national"]["steps"][0]["working"].as_str().unwrap();
    assert_eq!(
        working,
        format!("{} × £1,250.50 = {}", all[0], domain::impact::pounds(all[0] * 125_050))
    );
    assert!(r["national"]["steps"][0]["sources"][0].as_str().unwrap().contains("A regional study"));
    // A year with no returns sent counts nothing.
    let empty = app.get("/api/v1/impact?period=2019-20").await.json();
    assert_eq!(
        (empty["national"]["returns"].as_i64(), empty["national"]["avoided"].as_i64()),
        (Some(0), Some(0))
    );

    // The pages show the working and the history.
    let page = app.get("/impact?period=2025-26").await;
    assert!(page.body.contains("£1,250.50"), "{}", page.body);
    assert!(page.body.contains("A regional study of placement endings"));
    let page = app.get("/costs").await;
    assert!(page.body.contains("Every unit cost set, newest first"));
    assert!(page.body.contains("£96,000"), "the year's costs for one constellation");
}

#[tokio::test]
async fn only_the_programme_lead_sets_costs_and_each_input_is_checked() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let place = Place::Service(id(&service));
    let (manager, _) =
        app.as_user("boss@example.org", Grant { role: Role::ServiceManager, place }).await;
    let good = json!({"kind": "resignation", "amount": "2200", "source": "Keep evaluation", "year": "2019"});
    // A manager reads the costs and the impact but sets neither.
    assert_eq!(manager.get("/api/v1/costs").await.status, StatusCode::OK);
    assert_eq!(manager.get("/api/v1/impact").await.status, StatusCode::OK);
    assert_eq!(
        manager.post_json("/api/v1/costs/unit-costs", &good).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(manager.get("/costs/unit-costs").await.status, StatusCode::NOT_FOUND);
    assert!(!manager.get("/costs").await.body.contains("Set a unit cost"));
    // Carers and liaison workers see none of it.
    let constellation = app.constellation(&service, "Larkspur").await;
    let place = Place::Constellation(id(&constellation));
    let (liaison, _) =
        app.as_user("liaison@example.org", Grant { role: Role::LiaisonWorker, place }).await;
    for path in ["/api/v1/costs", "/api/v1/impact", "/impact", "/costs"] {
        assert_eq!(liaison.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        liaison.post_json("/api/v1/costs/unit-costs", &good).await.status,
        StatusCode::NOT_FOUND
    );

    // Bad input is named, field by field; nothing is kept.
    let long = "x".repeat(201);
    for (body, fields) in [
        (json!({}), vec!["kind", "amount", "source", "year"]),
        (
            json!({"kind": "breakdown", "amount": "-3", "source": long, "year": "1800"}),
            vec!["amount", "source", "year"],
        ),
        (
            json!({"kind": "residential_weeks", "amount": "12.5", "source": "Ours", "year": "2024"}),
            vec!["amount"],
        ),
    ] {
        let reply = app.post_json("/api/v1/costs/unit-costs", &body).await;
        assert_eq!(reply.error_fields(), fields, "{body}");
    }
    let reply = app
        .post_json(
            "/api/v1/costs/programme-costs",
            &json!({"year": "2025", "hub_fees": "lots", "liaison": "0", "licence": "0"}),
        )
        .await;
    assert_eq!(reply.error_fields(), ["year", "hub_fees"]);
    assert_eq!(app.get("/api/v1/impact?period=2025-Q1").await.error_fields(), ["period"]);
    let book = app.get("/api/v1/costs").await.json();
    assert_eq!(
        (
            book["unit_cost_history"].as_array().unwrap().len(),
            book["programme_costs"].as_array().unwrap().len()
        ),
        (0, 0)
    );

    // The form says what is wrong beside the field, and keeps what was typed.
    let page = app
        .post_form(
            "/costs/unit-costs",
            &[("kind", "breakdown"), ("amount", "ten"), ("source", "Our study"), ("year", "2024")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    assert!(page.body.contains("must be in pounds, such as 1,040"), "{}", page.body);
    assert!(page.body.contains("Our study"));
    let saved = app
        .post_form(
            "/costs/unit-costs",
            &[("kind", "breakdown"), ("amount", "900"), ("source", "Our study"), ("year", "2024")],
        )
        .await;
    assert_eq!(saved.location.as_deref(), Some("/costs"));

    // What was set is kept as it was: the database refuses to change it.
    let pool = app.pool().await;
    let changed = sqlx::query("UPDATE unit_costs SET amount = 1").execute(&pool).await;
    assert!(changed.is_err(), "a unit cost was changed in place");
    let gone = sqlx::query("DELETE FROM unit_costs").execute(&pool).await;
    assert!(gone.is_err(), "a unit cost was deleted");
}
