//! The sleepover list page: its sections, and what it says when a section shows only some.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_section_showing_only_some_says_how_many_there_are_and_which() {
    let c = constellation(2, 2).await;
    let mut closed = Vec::new();
    for n in 0..26 {
        let night = days_ahead(10 + n);
        let stay = c
            .app
            .create("/api/v1/sleepovers", ask(&c.satellites[0], &[&c.children[0][0]], &night, 1))
            .await;
        let cancel = format!("/api/v1/sleepovers/{stay}/cancel");
        assert_eq!(c.app.post_json(&cancel, &json!({})).await.status, StatusCode::OK);
        closed.push(stay);
    }
    // 51 waiting: more than the 50 a section shows, within each household's 28 nights a year.
    let mut waiting = Vec::new();
    for (home, count) in [(0, 26), (1, 25)] {
        for n in 0..count {
            let asked = ask(&c.satellites[home], &[&c.children[home][0]], &days_ahead(10 + n), 1);
            waiting.push(c.app.create("/api/v1/sleepovers", asked).await);
        }
    }
    let page = c.app.get("/sleepovers").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Waiting for an answer (51 in all: the 50 soonest shown)"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!("/sleepovers/{}", waiting[0])));
    assert!(page.body.contains("Coming up</h2>"), "none of one: no count");
    // The closed are not counted, as a service's run to thousands: the latest 25 are shown.
    assert!(page.body.contains("Answered and closed: the latest</h2>"), "{}", page.body);
    assert!(page.body.contains(&format!("/sleepovers/{}", closed[25])), "the latest night shown");
    assert!(!page.body.contains(&format!("/sleepovers/{}", closed[0])), "the 26th not shown");
}
