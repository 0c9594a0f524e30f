//! The carers' survey: once a quarter each, even when two answers arrive at once; staff read
//! the counts of their own service only.

use axum::http::StatusCode;
use domain::{Grant, Place, Role};
use serde_json::json;

use crate::sleepovers::{constellation, futures_join, id};

#[tokio::test]
async fn each_carer_answers_once_a_quarter_and_staff_read_the_counts() {
    let c = constellation(2, 2).await;
    let hub = c.hub_carer().await;
    let carer = c.satellite_carer("sat@example.org", &c.satellites[0]).await;
    let liaison = c.liaison().await;

    let none = carer.post_json("/api/v1/surveys", &json!({"respite": "superb"})).await;
    assert_eq!(none.error_fields(), ["respite", "peer_support"]);
    // Two answers sent at once from one carer: one is kept, the other told why.
    let replies = futures_join((0..2).map(|_| {
        let carer = carer.clone();
        async move {
            carer
                .post_json(
                    "/api/v1/surveys",
                    &json!({"respite": "good", "peer_support": "excellent"}),
                )
                .await
        }
    }))
    .await;
    let mut statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    let refused = replies.iter().find(|r| r.status == StatusCode::CONFLICT).unwrap();
    assert!(refused.body.contains("already answered"), "{}", refused.body);

    let hub_answer = hub
        .post_json("/api/v1/surveys", &json!({"respite": "fair", "peer_support": "excellent"}))
        .await;
    assert_eq!(hub_answer.status, StatusCode::CREATED, "{}", hub_answer.body);
    assert_eq!(carer.get("/api/v1/surveys/mine").await.json()["respite"], "good");

    let results = liaison.get("/api/v1/surveys/results").await.json();
    assert_eq!(results["respite"], json!({"excellent": 0, "good": 1, "fair": 1, "poor": 0}));
    assert_eq!(results["peer_support"]["excellent"], 2);
    // Staff do not answer as carers; another service's manager counts none of these.
    let staff = liaison
        .post_json("/api/v1/surveys", &json!({"respite": "good", "peer_support": "good"}))
        .await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN);
    let elsewhere = c.app.service("Southmoor Fostering").await;
    let (manager, _) = c
        .app
        .as_user(
            "other@example.org",
            Grant { role: Role::ServiceManager, place: Place::Service(id(&elsewhere)) },
        )
        .await;
    let theirs = manager.get("/api/v1/surveys/results").await.json();
    assert_eq!(theirs["respite"]["good"], 0);
    assert_eq!(
        manager.get("/api/v1/surveys/results?quarter=2026-Q5").await.error_fields(),
        ["quarter"]
    );

    // The page thanks a carer who has answered instead of asking again.
    let page = carer.get("/survey").await;
    assert!(page.body.contains("Thank you: you answered on"), "{}", page.body);
    let counts = liaison.get("/surveys/results").await;
    assert!(counts.body.contains("All answers"), "{}", counts.body);
}

#[tokio::test]
async fn the_survey_page_tells_staff_it_is_for_carers() {
    let c = crate::sleepovers::constellation(1, 1).await;
    let page = c.liaison().await.get("/survey").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Carers answer the survey"), "{}", page.body);
    assert!(!page.body.contains("name=\"respite\""), "staff are not offered the form");
}
