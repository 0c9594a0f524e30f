//! The monthly return: every figure checked against the raw records, and a return submitted,
//! frozen, shown as changed when its records change, and amended with both versions kept.

mod recount;
mod workbook;

use std::collections::BTreeMap;

use axum::http::StatusCode;
use domain::{Date, Grant, Month, Place, Role};
use serde_json::json;
use store::demo::DemoSpec;

use crate::harness::TestApp;
use crate::sleepovers::{constellation, id};
use workbook::{Value, Workbook, serial};

fn spec() -> DemoSpec {
    DemoSpec { households: 80, years: 3, seed: 5, until: Date::parse("2026-06-30").expect("date") }
}

#[tokio::test]
async fn every_figure_matches_a_count_made_again_from_the_raw_records() {
    let app = TestApp::spawn().await;
    app.store.generate_demo(&spec()).await.expect("demo");
    app.manage_every_service().await;
    let raw = recount::Raw::load(&app.pool().await).await;
    let services = app.get("/api/v1/services?per_page=100").await.json();
    let mut compared = 0;
    let mut nonzero = BTreeMap::<String, i64>::new();
    for service in services["items"].as_array().expect("items") {
        let service = service["id"].as_str().expect("id");
        for month in ["2025-07", "2026-03", "2026-05", "2026-06"] {
            let reply = app.get(&format!("/api/v1/services/{service}/returns/{month}")).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            let shown: BTreeMap<String, Option<i64>> = reply.json()["figures"]
                .as_array()
                .expect("figures")
                .iter()
                .map(|f| (f["key"].as_str().unwrap().to_string(), f["value"].as_i64()))
                .collect();
            let expected = raw.figures(service, Month::parse(month).unwrap());
            assert_eq!(shown, expected, "service {service}, {month}");
            for (key, value) in &shown {
                *nonzero.entry(key.clone()).or_default() += i64::from(value.unwrap_or(0) != 0);
            }
            compared += shown.len();
        }
    }
    assert!(compared > 200, "compared {compared} figures");
    // The demo is rich enough that most figures are tried on something other than zero.
    for key in [
        "hub_homes",
        "adults",
        "children_mainstream_foster",
        "sons_and_daughters",
        "social_activities",
        "planning_meetings",
        "contacts",
        "planned_sleepovers",
        "emergency_sleepovers",
        "sleepover_nights",
        "emergency_answer_minutes",
        "concerns_opened",
        "approved_at_start_constellations",
    ] {
        assert!(nonzero.get(key).copied().unwrap_or(0) > 0, "{key} is zero everywhere");
    }
}

#[tokio::test]
async fn a_return_is_submitted_frozen_shown_as_changed_and_amended_with_both_versions_kept() {
    let c = constellation(2, 1).await;
    let last = Date::today().month().previous();
    let path = format!("/api/v1/services/{}/returns/{last}", c.service);
    let liaison = c.liaison().await;
    let draft = liaison.get(&path).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.body);
    assert_eq!(draft.json()["status"], "draft");

    // This month has not ended: it is not sent yet.
    let this = Date::today().month();
    let early = liaison
        .post_json(&format!("/api/v1/services/{}/returns/{this}/submit", c.service), &json!({}))
        .await;
    assert_eq!(early.error_fields(), ["month"]);

    let sent = liaison.post_json(&format!("{path}/submit"), &json!({"comment": "All well"})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let sent = sent.json();
    assert_eq!(sent["status"], "submitted");
    assert_eq!(sent["versions"].as_array().unwrap().len(), 1);
    assert_eq!(sent["changed_since_submission"], json!([]));
    let again = liaison.post_json(&format!("{path}/submit"), &json!({"comment": "Again"})).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "nothing changed: {}", again.body);

    // A contact logged late, dated last month: the return says its records changed.
    let at = format!("{}T12:00", last.first_day().add_days(3));
    let logged = c
        .hub_carer()
        .await
        .post_json(
            "/api/v1/contacts",
            &json!({"household_id": c.satellites[0], "channel": "phone", "minutes": 15,
                    "topics": ["advice"], "at": at}),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.body);
    let changed = liaison.get(&path).await.json();
    let change = &changed["changed_since_submission"];
    assert_eq!(change.as_array().unwrap().len(), 1, "{change}");
    assert_eq!(change[0]["key"], "contacts");
    assert_eq!((change[0]["before"].as_i64(), change[0]["after"].as_i64()), (Some(0), Some(1)));
    let page = liaison.get(&format!("/services/{}/returns/{last}", c.service)).await;
    assert!(page.body.contains("Records changed since submission"), "{}", page.body);
    let csv = liaison.get(&format!("{path}/csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains(&format!(
            "{last},Activities and support,contacts,One-to-one support contacts,1\r\n"
        )),
        "{}",
        csv.body
    );
    // The workbook: numbers stored as numbers, the month as a date, a sheet for each section.
    let xlsx = liaison.get(&format!("{path}/xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let book = Workbook::read(&xlsx.bytes);
    assert_eq!(book.names()[..4], ["Return", "Versions", "Homes and people", "Activities"]);
    let contacts = book.lookup("Activities", 0, "One-to-one support contacts", "Value");
    assert_eq!(contacts, Some(Value::Number(1.0, 0)));
    let month = book.lookup("Return", 0, "Northfield Fostering", "Month");
    assert!(
        matches!(month, Some(Value::Number(day, style)) if day == serial(last.first_day()) && style > 0),
        "{month:?}"
    );
    assert_eq!(book.lookup("Versions", 1, "Submitted", "Version"), Some(Value::Number(1.0, 0)));
    let stays = liaison.get(&format!("/sleepovers?month={last}")).await;
    assert!(stays.body.contains(&format!("Sleepovers and short breaks: {}", last.label())));

    // An amendment says why; both versions are kept, the first as it was sent.
    let bare = liaison.post_json(&format!("{path}/submit"), &json!({})).await;
    assert_eq!(bare.error_fields(), ["comment"]);
    let amended =
        liaison.post_json(&format!("{path}/submit"), &json!({"comment": "A late contact"})).await;
    assert_eq!(amended.status, StatusCode::OK, "{}", amended.body);
    let amended = amended.json();
    assert_eq!(amended["status"], "amended");
    let versions = amended["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let contacts = |v: &serde_json::Value| {
        v["figures"].as_array().unwrap().iter().find(|f| f["key"] == "contacts").unwrap()["value"]
            .clone()
    };
    assert_eq!((contacts(&versions[0]), contacts(&versions[1])), (json!(0), json!(1)));

    // A sent version cannot be changed underneath, even directly in the database.
    let pool = c.app.pool().await;
    let edit = sqlx::query("UPDATE monthly_returns SET comment = 'changed'").execute(&pool).await;
    assert!(edit.is_err(), "a submitted return is frozen");

    // Carers, and staff of another service, do not see it.
    let hub = c.hub_carer().await;
    assert_eq!(hub.get(&path).await.status, StatusCode::NOT_FOUND);
    let elsewhere = c.app.service("Southmoor Fostering").await;
    let place = Place::Service(id(&elsewhere));
    let (stranger, _) =
        c.app.as_user("other@example.org", Grant { role: Role::ServiceManager, place }).await;
    assert_eq!(stranger.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        liaison
            .get(&format!("/api/v1/services/{}/returns/2026-13", c.service))
            .await
            .error_fields(),
        ["month"]
    );
}

#[tokio::test]
async fn two_submissions_at_once_make_one_version() {
    let c = constellation(1, 1).await;
    let last = Date::today().month().previous();
    let path = format!("/api/v1/services/{}/returns/{last}/submit", c.service);
    let tries = (0..4).map(|i| {
        let app = c.app.clone();
        let path = path.clone();
        async move { app.post_json(&path, &json!({"comment": format!("try {i}")})).await }
    });
    let replies = crate::sleepovers::futures_join(tries).await;
    let won = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(won, 1, "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    for reply in replies.iter().filter(|r| r.status != StatusCode::OK) {
        assert!(
            matches!(reply.status, StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY),
            "{}",
            reply.body
        );
    }
    let read = c.app.get(&path.replace("/submit", "")).await.json();
    assert_eq!(read["versions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_national_roll_up_adds_up_the_returns_sent_and_withholds_small_counts() {
    let c = constellation(2, 2).await;
    let last = Date::today().month().previous();
    let at = format!("{}T12:00", last.first_day().add_days(2));
    let hub = c.hub_carer().await;
    for _ in 0..6 {
        let logged = hub
            .post_json(
                "/api/v1/contacts",
                &json!({"household_id": c.satellites[0], "channel": "phone", "minutes": 5,
                        "topics": ["advice"], "at": at}),
            )
            .await;
        assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.body);
    }
    let submit = format!("/api/v1/services/{}/returns/{last}/submit", c.service);
    assert_eq!(c.app.post_json(&submit, &json!({})).await.status, StatusCode::OK);
    // Read now, the roll-up has one return; a return sent after is counted at the next read.
    let before = c.app.get(&format!("/api/v1/rollup?period={last}")).await.json();
    assert_eq!(before["national"]["returns"], 1);
    // A second service, in another region, with nothing but one constellation.
    let other = c.app.service("Southmoor Fostering").await;
    c.app.constellation(&other, "Foxglove").await;
    let theirs = format!("/api/v1/services/{other}/returns/{last}/submit");
    assert_eq!(c.app.post_json(&theirs, &json!({})).await.status, StatusCode::OK);

    let path = format!("/api/v1/rollup?period={last}");
    let line = |column: &serde_json::Value, key: &str| {
        let l =
            column["lines"].as_array().unwrap().iter().find(|l| l["key"] == key).unwrap().clone();
        (l["value"].as_i64(), l["fewer_than_five"].as_bool().unwrap())
    };
    let lead = c.app.get(&path).await;
    assert_eq!(lead.status, StatusCode::OK, "{}", lead.body);
    let lead = lead.json();
    assert_eq!(lead["national"]["returns"], 2);
    assert_eq!(line(&lead["national"], "contacts"), (Some(6), false));
    // The test runner is the programme lead and the manager of both services: exact.
    assert_eq!(line(&lead["national"], "satellite_homes"), (Some(2), false));

    // Northfield's manager sees its own small counts, and not the country's.
    let place = Place::Service(id(&c.service));
    let (manager, _) =
        c.app.as_user("boss@example.org", Grant { role: Role::ServiceManager, place }).await;
    let theirs = manager.get(&path).await.json();
    assert_eq!(line(&theirs["national"], "satellite_homes"), (None, true));
    let own = theirs["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Northfield Fostering")
        .unwrap()
        .clone();
    assert_eq!(line(&own, "satellite_homes"), (Some(2), false));
    let page = manager.get(&format!("/rollup?period={last}")).await;
    assert!(page.body.contains("fewer than 5"), "{}", page.body);
    let csv = manager.get(&format!("/api/v1/rollup/csv?period={last}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("period,level,name,section,key,figure,value\r\n"), "{}", csv.body);
    assert!(csv.body.contains(",england,England,"), "{}", csv.body);
    assert!(csv.body.contains("satellite_homes,Satellite homes,fewer than 5\r\n"), "{}", csv.body);
    // Its own service's small count is shown; a section with a comma in it is quoted.
    let own = "Northfield Fostering,\"Constellations, homes and people\",satellite_homes,";
    assert!(csv.body.contains(&format!("{own}Satellite homes,2\r\n")), "{}", csv.body);

    // The workbook: a row for the country and each service; the withheld count is text.
    let xlsx = manager.get(&format!("/api/v1/rollup/xlsx?period={last}")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let book = Workbook::read(&xlsx.bytes);
    assert_eq!(book.names()[..3], ["Roll-up", "Census", "Homes and people"]);
    let homes = |name: &str| book.lookup("Homes and people", 1, name, "Satellite homes");
    assert_eq!(homes("England"), Some(Value::Text("fewer than 5".into())));
    assert_eq!(homes("Northfield Fostering"), Some(Value::Number(2.0, 0)));
    let contacts = book.lookup("Activities", 1, "England", "One-to-one support contacts");
    assert_eq!(contacts, Some(Value::Number(6.0, 0)));
    assert_eq!(book.lookup("Census", 1, "England", "Returns"), Some(Value::Number(2.0, 0)));

    // A figure's trend: the twelve months to the period's end, with its chart and table.
    let trend = c.app.get(&format!("/api/v1/rollup/trend?period={last}&figure=contacts")).await;
    assert_eq!(trend.status, StatusCode::OK, "{}", trend.body);
    let points = trend.json()["points"].as_array().unwrap().clone();
    assert_eq!(points.len(), 12);
    assert_eq!(points[11]["month"], last.to_string());
    assert_eq!((points[11]["value"].as_i64(), points[11]["returns"].as_i64()), (Some(6), Some(2)));
    assert_eq!((points[10]["value"].as_i64(), points[10]["returns"].as_i64()), (None, Some(0)));
    let theirs =
        manager.get(&format!("/api/v1/rollup/trend?period={last}&figure=satellite_homes")).await;
    assert_eq!(theirs.json()["points"][11]["fewer_than_five"], true, "{}", theirs.body);
    let unknown = c.app.get(&format!("/api/v1/rollup/trend?period={last}&figure=pizza")).await;
    assert_eq!(unknown.error_fields(), ["figure"]);
    // A service's trend, and a region's: their own returns, named.
    let trend_of =
        |whose: String| format!("/api/v1/rollup/trend?period={last}&figure=contacts&{whose}");
    let service = manager.get(&trend_of(format!("service_id={}", id(&c.service)))).await.json();
    assert_eq!(service["of"], "Northfield Fostering");
    assert_eq!(service["points"][11]["returns"], 1);
    let region = lead["regions"][0]["name"].as_str().unwrap().to_string();
    let encoded = serde_urlencoded::to_string([("region", &region)]).unwrap();
    let theirs = c.app.get(&trend_of(encoded.clone())).await.json();
    assert_eq!(theirs["of"], region.as_str());
    assert_eq!(theirs["points"][11]["returns"], lead["regions"][0]["returns"]);
    let nowhere = c.app.get(&trend_of("region=Atlantis".into())).await;
    assert_eq!(nowhere.error_fields(), ["region"]);
    let elsewhere = c.app.get(&trend_of(format!("service_id={}", domain::Id::new()))).await;
    assert_eq!(elsewhere.error_fields(), ["service_id"]);
    let both = c.app.get(&trend_of(format!("{encoded}&service_id={}", id(&c.service)))).await;
    assert_eq!(both.error_fields(), ["region"]);
    let page = c.app.get(&format!("/rollup/trend?period={last}&figure=contacts")).await;
    assert!(page.body.contains("<svg "), "{}", page.body);
    let to_region = format!("/rollup/trend?period={last}&#38;figure=contacts&#38;{encoded}");
    assert!(page.body.contains(&to_region), "{}", page.body);
    assert!(page.body.contains("England (this chart)"), "{}", page.body);
    assert!(page.body.contains(&format!(">{}</td>", last.label())), "{}", page.body);
    let rollup = c.app.get(&format!("/rollup?period={last}")).await;
    assert!(
        rollup.body.contains(&format!("/rollup/trend?period={last}&#38;figure=contacts")),
        "{}",
        rollup.body
    );

    // Carers and liaison workers do not read it; a period that cannot be read is named.
    assert_eq!(c.hub_carer().await.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.liaison().await.get(&path).await.status, StatusCode::NOT_FOUND);
    let trend = format!("/api/v1/rollup/trend?period={last}&figure=contacts");
    assert_eq!(c.hub_carer().await.get(&trend).await.status, StatusCode::NOT_FOUND);
    assert_eq!(manager.get("/api/v1/rollup?period=soon").await.error_fields(), ["period"]);
    let year = manager.get("/api/v1/rollup").await.json();
    assert!(year["label"].as_str().unwrap().starts_with("April "), "{year}");
}
