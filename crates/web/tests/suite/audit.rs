//! The audit log: each read of a child's record and each change is logged once, with the fields
//! that changed and never their values; entries cannot be changed or removed.

use axum::http::StatusCode;
use domain::{Grant, Place, Role};
use serde_json::json;

use crate::harness::TestApp;

async fn entries(app: &TestApp) -> Vec<(String, String, String, String)> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT action, record_kind, record_id, fields FROM audit_entries ORDER BY at, id",
    )
    .fetch_all(&app.pool().await)
    .await
    .expect("read the log");
    rows
}

#[tokio::test]
async fn reading_a_child_writes_exactly_one_entry() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let household = app.household(&service, "H-1").await;
    let child = app.child(&service, &household).await;
    let before = entries(&app).await.len();
    assert_eq!(app.get(&format!("/api/v1/children/{child}")).await.status, StatusCode::OK);
    let after = entries(&app).await;
    assert_eq!(after.len(), before + 1);
    let last = after.last().unwrap();
    assert_eq!(
        (last.0.as_str(), last.1.as_str(), last.2.as_str()),
        ("read", "child", child.as_str())
    );
    assert_eq!(app.get(&format!("/children/{child}")).await.status, StatusCode::OK);
    assert_eq!(entries(&app).await.len(), before + 2, "the page is a read too");
    app.get("/api/v1/children").await;
    assert_eq!(entries(&app).await.len(), before + 2, "a list of names is not a record read");
}

#[tokio::test]
async fn a_change_logs_the_fields_it_changed_and_not_their_values() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let household = app.household(&service, "H-1").await;
    let child = app.child(&service, &household).await;
    let changed = app
        .put_json(
            &format!("/api/v1/children/{child}"),
            &json!({"service_id": service, "household_id": household, "name": "Juniper",
                    "birth_month": "2014-06", "arrangement": "mainstream_foster",
                    "needs_notes": "Asthma; inhaler at night"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let log = entries(&app).await;
    let update =
        log.iter().find(|e| e.0 == "update" && e.2 == child).expect("the update is logged");
    assert_eq!(update.3, "needs_notes");
    let created =
        log.iter().find(|e| e.0 == "create" && e.2 == child).expect("the creation is logged");
    assert!(created.3.contains("name") && !created.3.contains("Juniper"), "{}", created.3);
    assert!(log.iter().all(|e| !e.3.contains("Asthma")), "no value is logged");
}

#[tokio::test]
async fn moving_a_household_logs_the_ended_and_the_new_membership() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let a = app.constellation(&service, "Larkspur").await;
    let b = app.constellation(&service, "Wren").await;
    let household = app.household(&service, "H-1").await;
    app.join(&household, &a, "satellite", "2021-02-01").await;
    let moved = app
        .post_json(
            &format!("/api/v1/households/{household}/move"),
            &json!({"constellation_id": b, "role": "satellite", "on": "2024-06-01"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::CREATED, "{}", moved.body);
    let log = entries(&app).await;
    let memberships: Vec<_> =
        log.iter().filter(|e| e.1 == "membership").map(|e| (e.0.as_str(), e.3.as_str())).collect();
    assert_eq!(memberships.len(), 3, "{memberships:?}");
    assert!(memberships.contains(&("end", "to_on,end_reason")), "{memberships:?}");
}

#[tokio::test]
async fn entries_cannot_be_changed_or_removed() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let household = app.household(&service, "H-1").await;
    app.child(&service, &household).await;
    let pool = app.pool().await;
    let update = sqlx::query("UPDATE audit_entries SET action = 'nothing'").execute(&pool).await;
    assert!(update.is_err(), "an entry was changed");
    let delete = sqlx::query("DELETE FROM audit_entries").execute(&pool).await;
    assert!(delete.is_err(), "an entry was removed");
    assert!(!entries(&app).await.is_empty());
}

#[tokio::test]
async fn a_service_manager_searches_their_services_log_only() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let household = app.household(&service, "H-1").await;
    let child = app.child(&service, &household).await;
    let other = app.service("Southbank Fostering").await;
    app.household(&other, "X-1").await;
    let (manager, _) = app
        .as_user(
            "manager@example.org",
            Grant { role: Role::ServiceManager, place: Place::Service(service.parse().unwrap()) },
        )
        .await;
    manager.get(&format!("/children/{child}")).await;
    let page = manager.get("/audit").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&child), "the child's record is in the log");
    assert!(!page.body.contains("X-1"), "no other service's entries");
    let by_person = manager.get("/audit?q=manager%40example").await;
    assert!(by_person.body.contains("Showing 1 to 1 of 1"), "{}", by_person.body);
    let by_record = manager.get(&format!("/audit?q={child}")).await;
    assert!(by_record.body.contains("Showing 1 to 2 of 2"), "create and read: {}", by_record.body);
    let larkspur = app.constellation(&service, "Larkspur").await;
    let (carer, _) = app
        .as_user(
            "carer@example.org",
            Grant { role: Role::HubCarer, place: Place::Constellation(larkspur.parse().unwrap()) },
        )
        .await;
    assert_eq!(carer.get("/audit").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn accounts_and_their_roles_are_logged_without_secrets() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let (_, user) = app
        .as_user(
            "manager@example.org",
            Grant { role: Role::ServiceManager, place: Place::Service(service.parse().unwrap()) },
        )
        .await;
    app.store
        .set_password(&domain::Scope::Everything, user, "otter meadow compass", None)
        .await
        .unwrap();
    let grant =
        Grant { role: Role::ServiceManager, place: Place::Service(service.parse().unwrap()) };
    app.store.revoke(&domain::Scope::Everything, user, &grant).await.unwrap();
    let log = entries(&app).await;
    let of = |kind: &str, action: &str| {
        log.iter().filter(|e| e.1 == kind && e.0 == action && e.2 == user.to_string()).count()
    };
    assert_eq!(of("user", "create"), 1);
    let password = log.iter().find(|e| e.1 == "user" && e.0 == "update").expect("logged");
    assert!(password.3.starts_with("password_hash"), "{}", password.3);
    assert!(log.iter().all(|e| !e.3.contains("argon2")), "no hash is logged");
    let grants: Vec<_> = log.iter().filter(|e| e.1 == "grant").map(|e| e.0.as_str()).collect();
    assert!(grants.contains(&"create") && grants.contains(&"revoke"), "{grants:?}");
}
