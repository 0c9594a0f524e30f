//! The fidelity view: green where the records keep to the model, amber or red with the reason
//! where they do not, for the service's staff only.

use axum::http::StatusCode;
use domain::Date;
use serde_json::{Value, json};

use crate::sleepovers::{child_with_authority, constellation};

fn rags(judged: &Value) -> Vec<String> {
    judged["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rag"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_constellation_keeping_the_model_is_green_and_each_lapse_says_why() {
    let c = constellation(2, 6).await;
    let liaison = c.liaison().await;
    let path = format!("/api/v1/constellations/{}/fidelity", c.constellation);

    // No planning meeting yet: red for that criterion alone.
    let judged = liaison.get(&path).await;
    assert_eq!(judged.status, StatusCode::OK, "{}", judged.body);
    let judged = judged.json();
    assert_eq!(rags(&judged), ["green", "green", "green", "red", "green", "green", "green"]);
    assert!(
        judged["criteria"][3]["reason"].as_str().unwrap().starts_with("No planning meeting in")
    );

    // A planning meeting in each of the last three whole months, in the middle of each.
    let mut month = Date::today().month();
    for _ in 0..3 {
        month = month.previous();
        let day = month.first_day().add_days(14);
        let made = liaison
            .post_json(
                "/api/v1/events",
                &json!({"constellation_id": c.constellation, "kind": "planning",
                        "title": "Joint planning", "starts_at": format!("{day}T10:00")}),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    }
    assert_eq!(rags(&liaison.get(&path).await.json()), vec!["green"; 7]);

    // A looked-after child whose delegated authority is past review, and a seventh satellite's
    // absence: red with the count, and the satellites stay green at 6.
    child_with_authority(&c.app, &c.service, &c.satellites[0], "Ash Whitlock", "2020-01-01").await;
    let judged = liaison.get(&path).await.json();
    assert_eq!(judged["criteria"][5]["rag"], "red");
    let reason = judged["criteria"][5]["reason"].as_str().unwrap();
    assert!(reason.contains("overdue for review for 1 of 13 looked-after children"), "{reason}");
    assert!(
        judged["criteria"][5]["fix"].as_str().unwrap().starts_with("/households?constellation_id=")
    );

    // The service view judges each constellation; the page links each to its own.
    let service = liaison.get(&format!("/api/v1/services/{}/fidelity", c.service)).await.json();
    assert_eq!(service.as_array().unwrap().len(), 1);
    let page = liaison.get(&format!("/services/{}/fidelity", c.service)).await;
    assert!(
        page.body.contains("1 of 1 constellations have at least one criterion in red"),
        "{}",
        page.body
    );
    let one = liaison.get(&format!("/constellations/{}/fidelity", c.constellation)).await;
    assert!(one.body.contains("Delegated authority in place"));

    // Carers do not see the dashboard.
    let hub = c.hub_carer().await;
    assert_eq!(hub.get(&path).await.status, StatusCode::NOT_FOUND);
    let carer = c.satellite_carer("sat@example.org", &c.satellites[1]).await;
    assert_eq!(carer.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn too_few_satellites_no_beds_and_no_liaison_worker_are_red() {
    let c = constellation(0, 3).await;
    c.app
        .put_json(
            &format!("/api/v1/constellations/{}", c.constellation),
            &json!({"service_id": c.service, "name": "Larkspur", "status": "active",
                    "launched_on": "2021-01-01", "liaison_worker": ""}),
        )
        .await;
    let judged =
        c.app.get(&format!("/api/v1/constellations/{}/fidelity", c.constellation)).await.json();
    let r = rags(&judged);
    assert_eq!((r[1].as_str(), r[2].as_str(), r[4].as_str()), ("red", "red", "red"), "{judged}");
    assert!(
        judged["criteria"][1]["reason"]
            .as_str()
            .unwrap()
            .starts_with("3 satellite homes are active")
    );
}
