//! The sleepover list page: its sections, and what it says when a section shows only some.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_section_showing_only_some_says_how_many_there_are_and_which() {
    let c = constellation(2, 1).await;
    for n in 0..26 {
        let night = days_ahead(10 + n);
        let stay = c
            .app
            .create("/api/v1/sleepovers", ask(&c.satellites[0], &[&c.children[0][0]], &night, 1))
            .await;
        let cancel = format!("/api/v1/sleepovers/{stay}/cancel");
        assert_eq!(c.app.post_json(&cancel, &json!({})).await.status, StatusCode::OK);
    }
    let waiting = c
        .app
        .create(
            "/api/v1/sleepovers",
            ask(&c.satellites[0], &[&c.children[0][0]], &days_ahead(40), 1),
        )
        .await;
    let page = c.app.get("/sleepovers").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Answered and closed (26 in all: the 25 latest shown)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Waiting for an answer</h2>"), "all of one shown: no count");
    assert!(page.body.contains(&format!("/sleepovers/{waiting}")));
}
