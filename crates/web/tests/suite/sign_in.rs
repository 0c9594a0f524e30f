//! Signing in and out, sessions and their limits, failed sign-ins, API tokens and CSRF.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::access::NewUser;
use domain::{Grant, Place, Role, Scope};

use crate::harness::{Reply, TestApp};

const PASSWORD: &str = "heather kettle lighthouse";

async fn person(app: &TestApp, email: &str) -> domain::Id {
    let user = app
        .store
        .add_user(&Scope::Everything, &NewUser::parse(email, "Sam Hollis", PASSWORD).expect("user"))
        .await
        .expect("add");
    let lead = Grant { role: Role::ProgrammeLead, place: Place::Programme };
    app.store.grant(&Scope::Everything, user, &lead).await.expect("grant");
    user
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> Reply {
    app.anonymous()
        .post_form("/sign-in", &[("email", email), ("password", password), ("next", "/services")])
        .await
}

/// The session secret a sign-in set.
fn secret(reply: &Reply) -> String {
    let cookie = reply.set_cookie.as_deref().expect("a cookie is set");
    cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string()
}

async fn get_with(app: &TestApp, path: &str, secret: &str) -> Reply {
    let request = Request::get(path)
        .header(header::COOKIE, format!("constellate_session={secret}"))
        .body(Body::empty())
        .unwrap();
    app.anonymous().request(request).await
}

#[tokio::test]
async fn signing_in_sets_a_new_http_only_session_and_signing_out_ends_it() {
    let app = TestApp::spawn().await;
    person(&app, "sam@example.org").await;
    let first = sign_in(&app, "Sam@Example.org ", PASSWORD).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location.as_deref(), Some("/services"));
    let cookie = first.set_cookie.clone().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP has no Secure cookie: {cookie}");
    let second = sign_in(&app, "sam@example.org", PASSWORD).await;
    assert_ne!(secret(&first), secret(&second), "each sign-in starts a new session id");

    assert_eq!(get_with(&app, "/services", &secret(&first)).await.status, StatusCode::OK);
    let out = app
        .anonymous()
        .request(
            Request::post("/sign-out")
                .header(header::COOKIE, format!("constellate_session={}", secret(&first)))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = get_with(&app, "/services", &secret(&first)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the old session is refused");
    assert!(after.location.unwrap().starts_with("/sign-in?next="));
    assert_eq!(get_with(&app, "/services", &secret(&second)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_address_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    person(&app, "sam@example.org").await;
    let wrong_password = sign_in(&app, "sam@example.org", "not the password at all").await;
    let no_account = sign_in(&app, "nobody@example.org", "not the password at all").await;
    assert_eq!(wrong_password.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_account.status, wrong_password.status);
    assert_eq!(
        no_account.body,
        wrong_password.body.replace("sam@example.org", "nobody@example.org")
    );
    assert!(wrong_password.set_cookie.is_none());
}

#[tokio::test]
async fn sessions_end_when_idle_or_old() {
    let app = TestApp::spawn().await;
    person(&app, "sam@example.org").await;
    let idle = secret(&sign_in(&app, "sam@example.org", PASSWORD).await);
    app.store.age_session(&idle, 31 * 60).await.unwrap();
    assert_eq!(get_with(&app, "/", &idle).await.status, StatusCode::SEE_OTHER);

    let busy = secret(&sign_in(&app, "sam@example.org", PASSWORD).await);
    app.store.age_session(&busy, 29 * 60).await.unwrap();
    assert_eq!(get_with(&app, "/", &busy).await.status, StatusCode::OK, "29 minutes idle is fine");
    for _ in 0..26 {
        // Each request keeps it alive; the clock moves on 29 minutes between them.
        app.store.age_session(&busy, 29 * 60).await.unwrap();
        get_with(&app, "/", &busy).await;
    }
    assert_eq!(
        get_with(&app, "/", &busy).await.status,
        StatusCode::SEE_OTHER,
        "12 hours is the most"
    );
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = TestApp::spawn().await;
    person(&app, "sam@example.org").await;
    let here = secret(&sign_in(&app, "sam@example.org", PASSWORD).await);
    let elsewhere = secret(&sign_in(&app, "sam@example.org", PASSWORD).await);
    let form = |current: &str, new: &str| {
        let body = serde_urlencoded::to_string([("current", current), ("new", new)]).unwrap();
        Request::post("/account/password")
            .header(header::COOKIE, format!("constellate_session={here}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let common = app.anonymous().request(form(PASSWORD, "password1234")).await;
    assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(common.body.contains("too common"), "{}", common.body);
    let changed = app.anonymous().request(form(PASSWORD, "otter meadow compass")).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(get_with(&app, "/", &here).await.status, StatusCode::OK);
    assert_eq!(get_with(&app, "/", &elsewhere).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        sign_in(&app, "sam@example.org", PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        sign_in(&app, "sam@example.org", "otter meadow compass").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn after_five_failures_even_the_right_password_waits() {
    let app = TestApp::spawn().await;
    person(&app, "sam@example.org").await;
    for _ in 0..4 {
        let reply = sign_in(&app, "sam@example.org", "a wrong guess here").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let fifth = sign_in(&app, "sam@example.org", "a wrong guess here").await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    let right = sign_in(&app, "sam@example.org", PASSWORD).await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the limit holds for the right password"
    );
    assert!(right.body.contains("Wait 15 minutes"), "{}", right.body);
    assert!(right.set_cookie.is_none());
}

#[tokio::test]
async fn the_api_needs_a_current_token() {
    let app = TestApp::spawn().await;
    let nobody = app.anonymous().get("/api/v1/services").await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    assert!(nobody.json()["errors"][0]["message"].as_str().unwrap().contains("Bearer"));
    let user = person(&app, "sam@example.org").await;
    let (token, secret) = app.store.create_token(user, "reports", 30).await.unwrap();
    let mut with = app.anonymous();
    with.token = secret.clone();
    assert_eq!(with.get("/api/v1/services").await.status, StatusCode::OK);
    app.store.revoke_token(user, token.id).await.unwrap();
    assert_eq!(with.get("/api/v1/services").await.status, StatusCode::UNAUTHORIZED);
    let page = app.anonymous().get("/households").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/sign-in?next=%2Fhouseholds"));
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let app = TestApp::spawn().await;
    for (name, value) in [("sec-fetch-site", "cross-site"), ("origin", "https://elsewhere.example")]
    {
        let request = Request::post("/api/v1/services")
            .header(name, value)
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"name":"Forged"}"#))
            .unwrap();
        assert_eq!(app.request(request).await.status, StatusCode::FORBIDDEN, "{name}");
    }
    let same = Request::post("/api/v1/services")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(app.request(same).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_api_signs_in_with_a_password_and_limits_failures_with_429() {
    let app = TestApp::spawn().await;
    person(&app, "sam@example.org").await;
    let nobody = app.anonymous();
    let wrong = nobody
        .post_json(
            "/api/v1/sign-in",
            &serde_json::json!({"email": "sam@example.org", "password": "not it at all"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let right = nobody
        .post_json(
            "/api/v1/sign-in",
            &serde_json::json!({"email": "sam@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(right.status, StatusCode::CREATED, "{}", right.body);
    let mut signed_in = app.anonymous();
    signed_in.token = right.json()["token"].as_str().unwrap().to_string();
    assert_eq!(signed_in.get("/api/v1/services").await.status, StatusCode::OK);
    for _ in 0..4 {
        nobody
            .post_json(
                "/api/v1/sign-in",
                &serde_json::json!({"email": "sam@example.org", "password": "not it at all"}),
            )
            .await;
    }
    let waits = nobody
        .post_json(
            "/api/v1/sign-in",
            &serde_json::json!({"email": "sam@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(waits.status, StatusCode::TOO_MANY_REQUESTS, "{}", waits.body);
    let missing = nobody.post_json("/api/v1/sign-in", &serde_json::json!({})).await;
    assert_eq!(missing.error_fields(), ["email", "password"]);
}
