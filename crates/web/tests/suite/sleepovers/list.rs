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

/// A month's list reads only stays with a first night at most 27 nights before the month, as no
/// stay is longer than 28 nights: the longest stay that reaches into the month is still listed,
/// for the service's staff and for the constellation's liaison worker alike.
#[tokio::test]
async fn a_month_lists_the_longest_stay_that_reaches_into_it() {
    let c = constellation(2, 2).await;
    let rules = json!({"sleepover_nights": 28, "short_break_nights": 28, "notice_days": 0,
                       "yearly_nights": 366, "satellites_may_host": false});
    let path = format!("/api/v1/services/{}/sleepover-rules", c.service);
    assert_eq!(c.app.put_json(&path, &rules).await.status, StatusCode::OK);
    let ahead = days_ahead(60);
    let month = &ahead[..7];
    let first = domain::Date::parse(&format!("{month}-01")).unwrap();
    let stay = |home: usize, first_night: domain::Date| {
        let mut asked =
            ask(&c.satellites[home], &[&c.children[home][0]], &first_night.to_string(), 28);
        asked["short_break"] = json!(true);
        asked
    };
    let reaching = c.app.create("/api/v1/sleepovers", stay(0, first.add_days(-27))).await;
    let before = c.app.create("/api/v1/sleepovers", stay(1, first.add_days(-28))).await;
    let liaison = c.liaison().await;
    for who in [&c.app, &liaison] {
        let listed = who.get(&format!("/api/v1/sleepovers?month={month}")).await;
        assert_eq!(listed.status, StatusCode::OK);
        assert!(listed.body.contains(&reaching), "{}", listed.body);
        assert!(!listed.body.contains(&before), "ends the night before the month");
        let page = who.get(&format!("/sleepovers?month={month}")).await;
        assert!(page.body.contains(&reaching), "{}", page.body);
    }
}
