//! The web pages: forms keep answers and show errors as the GOV.UK pattern does.

use axum::http::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn a_form_with_errors_shows_a_summary_inline_messages_and_keeps_the_answers() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let reply = app
        .post_form(
            "/households",
            &[
                ("service_id", &service),
                ("reference", "KEEP-ME"),
                ("display_name", ""),
                ("postcode", "nope"),
                ("joined_on", "2021-01-01"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &reply.body;
    assert!(body.contains("<title>Error: Add a household"), "the title says there is an error");
    assert!(body.contains("There is a problem"));
    assert!(body.contains("href=\"#display_name\">Name is required</a>"), "{body}");
    assert!(body.contains("id=\"postcode-error\""), "inline message at the field");
    assert!(body.contains("value=\"KEEP-ME\""), "the answer is kept");
    assert!(body.contains("value=\"nope\""), "even a wrong answer is kept");
}

#[tokio::test]
async fn a_good_form_saves_and_goes_to_the_record() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let reply = app
        .post_form(
            "/households",
            &[
                ("service_id", &service),
                ("reference", "H-9"),
                ("display_name", "The Okafor family"),
                ("postcode", "b338th"),
                ("places", "2"),
                ("sleepover_beds", ""),
                ("joined_on", "2021-01-01"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let location = reply.location.expect("a redirect");
    let page = app.get(&location).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("The Okafor family"));
    assert!(page.body.contains("B33 8TH"), "postcode normalised");
}

#[tokio::test]
async fn every_registry_page_opens() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let constellation = app.constellation(&service, "Larkspur").await;
    let household = app.household(&service, "H-1").await;
    let membership = app.join(&household, &constellation, "hub", "2021-01-01").await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let child = app.child(&service, &household).await;
    let carer = app.create("/api/v1/carers", serde_json::json!({"household_id": household, "name": "Marlowe Finch", "role": "main_carer", "approved_from": "2019-05-01"})).await;
    let placement = app.create("/api/v1/placements", serde_json::json!({"child_id": child, "household_id": household, "from_on": "2022-01-01", "place_code": "U4"})).await;
    let pages = [
        "/".to_string(),
        "/services".into(),
        "/services/new".into(),
        format!("/services/{service}"),
        format!("/services/{service}/edit"),
        "/constellations".into(),
        "/constellations/new".into(),
        format!("/constellations/{constellation}"),
        format!("/constellations/{constellation}/edit"),
        format!("/memberships/new?constellation_id={constellation}"),
        format!("/memberships/{membership}/end"),
        format!("/memberships/{membership}/edit"),
        "/households".into(),
        "/households/new".into(),
        format!("/households/{household}"),
        format!("/households/{household}/edit"),
        format!("/households/{household}/move"),
        "/carers".into(),
        format!("/carers/new?household_id={household}"),
        format!("/carers/{carer}"),
        format!("/carers/{carer}/edit"),
        format!("/carers/{carer}/end"),
        "/children".into(),
        "/children/new".into(),
        format!("/children/{child}"),
        format!("/children/{child}/edit"),
        format!("/children/{child}/placements/new"),
        format!("/placements/{placement}/end"),
        format!("/placements/{placement}/edit"),
        "/assets/app.css".into(),
        "/healthz".into(),
        "/readyz".into(),
    ];
    for page in pages {
        let reply = app.get(&page).await;
        assert_eq!(reply.status, StatusCode::OK, "{page}: {}", reply.body);
    }
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status, StatusCode::OK);
    let request = axum::http::Request::get("/")
        .header("authorization", format!("Bearer {}", app.token))
        .body(axum::body::Body::empty())
        .unwrap();
    let router = web::App::build(app.store.clone(), web::Settings::default()).router();
    let response = tower::ServiceExt::oneshot(router, request).await.unwrap();
    let csp = response.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(
        response.headers().get("strict-transport-security").is_none(),
        "plain HTTP sends no HSTS"
    );
    let https = web::Settings { https: true, ..Default::default() };
    let router = web::App::build(app.store.clone(), https).router();
    let request = axum::http::Request::get("/healthz").body(axum::body::Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(router, request).await.unwrap();
    assert!(response.headers()["strict-transport-security"].to_str().unwrap().contains("max-age"));
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(300 * 1024);
    let reply = app.post_json("/api/v1/services", &serde_json::json!({"name": big})).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.body);
    let form = app.post_form("/services", &[("name", big.as_str())]).await;
    assert_eq!(form.status, StatusCode::PAYLOAD_TOO_LARGE);
}
