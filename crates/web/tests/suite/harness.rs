//! One harness for the store and the web layer: a fresh database per test, on SQLite, or on
//! PostgreSQL (a fresh schema) when `TEST_DATABASE_URL` is set.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::access::NewUser;
use domain::{Grant, Id, Place, Role, Scope};
use serde_json::{Value, json};
use std::sync::Arc;
use store::Store;
use tower::ServiceExt;

/// A test's application, called as one person: the runner (a programme lead who manages every
/// service the test adds through [`TestApp::service`]) unless [`TestApp::as_user`] says otherwise.
#[derive(Clone)]
pub struct TestApp {
    pub store: Store,
    router: Router,
    /// The API token every request carries; empty for nobody signed in.
    pub token: String,
    runner: Id,
    url: String,
    _file: Arc<Cleanup>,
}

/// Removes a SQLite test database when the last view of the app is dropped.
struct Cleanup(Option<std::path::PathBuf>);

pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub body: String,
    /// The body as sent, for a file that is not text.
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }

    /// The fields named in a 422's errors.
    pub fn error_fields(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|a| {
                a.iter().map(|e| e["field"].as_str().unwrap_or_default().to_string()).collect()
            })
            .unwrap_or_default()
    }

    /// The message a 422 gives for `field`, or empty when it names none.
    pub fn field_error(&self, field: &str) -> String {
        let json = self.json();
        let errors = json["errors"].as_array().cloned().unwrap_or_default();
        let found = errors.iter().find(|e| e["field"] == field);
        found.and_then(|e| e["message"].as_str()).unwrap_or_default().to_string()
    }
}

/// A database URL for a fresh, empty database.
pub async fn fresh_database() -> (String, Option<std::path::PathBuf>) {
    let name = format!("t{}", uuid::Uuid::now_v7().simple());
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            use sqlx::Connection;
            let mut conn =
                sqlx::PgConnection::connect(&base).await.expect("TEST_DATABASE_URL answers");
            sqlx::query(&format!("CREATE SCHEMA {name}"))
                .execute(&mut conn)
                .await
                .expect("create schema");
            let joiner = if base.contains('?') { '&' } else { '?' };
            (format!("{base}{joiner}options=-c%20search_path%3D{name}"), None)
        }
        _ => {
            let path = std::env::temp_dir().join(format!("constellate-{name}.db"));
            (format!("sqlite:{}", path.display()), Some(path))
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let (url, file) = fresh_database().await;
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let router = web::App::build(store.clone(), web::Settings::default()).router();
        let runner = store
            .add_user(
                &Scope::Everything,
                &NewUser::parse("runner@example.org", "Test Runner", "lantern orchard pebble")
                    .expect("user"),
            )
            .await
            .expect("add runner");
        let lead = Grant { role: Role::ProgrammeLead, place: Place::Programme };
        store.grant(&Scope::Everything, runner, &lead).await.expect("grant");
        let (_, token) = store.create_token(runner, "tests", 1).await.expect("token");
        TestApp { store, router, token, runner, url, _file: Arc::new(Cleanup(file)) }
    }

    /// The same app, called by someone holding `grant`; returns the view and the user's id.
    pub async fn as_user(&self, email: &str, grant: Grant) -> (TestApp, Id) {
        let new = NewUser::parse(email, "Someone Else", "lantern orchard pebble").expect("user");
        let user = match self.store.user_id(&new.email).await.expect("look up") {
            Some(user) => user,
            None => self.store.add_user(&Scope::Everything, &new).await.expect("add user"),
        };
        self.store.grant(&Scope::Everything, user, &grant).await.expect("grant");
        let (_, token) = self.store.create_token(user, "tests", 1).await.expect("token");
        (TestApp { token, ..self.clone() }, user)
    }

    /// Makes the runner the service manager of every service, such as the demo's.
    pub async fn manage_every_service(&self) {
        let all = domain::PageRequest::new(Some(1), Some(100), None);
        let services =
            self.store.services(&domain::Scope::Everything, &all).await.expect("services");
        for service in services.items {
            let manager = Grant { role: Role::ServiceManager, place: Place::Service(service.id) };
            self.store.grant(&Scope::Everything, self.runner, &manager).await.expect("grant");
        }
    }

    /// A direct connection to the test's database, for what no route offers.
    pub async fn pool(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.url).await.expect("connect")
    }

    /// The same app and caller, served with other settings.
    pub fn with_settings(&self, settings: web::Settings) -> TestApp {
        let router = web::App::build(self.store.clone(), settings).router();
        TestApp { router, ..self.clone() }
    }

    /// The same app, called by nobody signed in.
    pub fn anonymous(&self) -> TestApp {
        TestApp { token: String::new(), ..self.clone() }
    }

    pub async fn request(&self, mut request: Request<Body>) -> Reply {
        if !self.token.is_empty() && !request.headers().contains_key(header::AUTHORIZATION) {
            let bearer = format!("Bearer {}", self.token).parse().expect("header");
            request.headers_mut().insert(header::AUTHORIZATION, bearer);
        }
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let set_cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = axum::body::to_bytes(response.into_body(), 10 << 20).await.expect("body");
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Reply { status, location, set_cookie, body, bytes: bytes.to_vec() }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.request(Request::get(path).body(Body::empty()).expect("request")).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.request(Request::delete(path).body(Body::empty()).expect("request")).await
    }

    pub async fn send_json(&self, method: &str, path: &str, body: &Value) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.request(request).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.send_json("POST", path, body).await
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> Reply {
        self.send_json("PUT", path, body).await
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(fields).expect("form");
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.request(request).await
    }

    /// Creates a record through the API and returns its id, failing the test if refused.
    pub async fn create(&self, path: &str, body: Value) -> String {
        let reply = self.post_json(path, &body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{path}: {}", reply.body);
        reply.json()["id"].as_str().expect("id").to_string()
    }

    /// Adds a service, and makes the runner its service manager.
    pub async fn service(&self, name: &str) -> String {
        let id = self
            .create(
                "/api/v1/services",
                json!({"name": name, "kind": "local_authority", "region": "North West",
                       "status": "established", "joined_on": "2020-04-01"}),
            )
            .await;
        let manager =
            Grant { role: Role::ServiceManager, place: Place::Service(id.parse().expect("id")) };
        self.store.grant(&Scope::Everything, self.runner, &manager).await.expect("grant");
        id
    }

    pub async fn constellation(&self, service: &str, name: &str) -> String {
        self.create(
            "/api/v1/constellations",
            json!({"service_id": service, "name": name, "status": "active",
                   "launched_on": "2021-01-01", "liaison_worker": "Robin Ashdown"}),
        )
        .await
    }

    pub async fn household(&self, service: &str, reference: &str) -> String {
        self.create(
            "/api/v1/households",
            json!({"service_id": service, "reference": reference, "display_name": format!("Household {reference}"),
                   "postcode": "m1 1ae", "places": 2, "joined_on": "2021-01-01"}),
        )
        .await
    }

    pub async fn join(
        &self,
        household: &str,
        constellation: &str,
        role: &str,
        from: &str,
    ) -> Reply {
        self.post_json(
            "/api/v1/memberships",
            &json!({"household_id": household, "constellation_id": constellation, "role": role, "from_on": from}),
        )
        .await
    }

    pub async fn child(&self, service: &str, household: &str) -> String {
        self.create(
            "/api/v1/children",
            json!({"service_id": service, "household_id": household, "name": "Juniper",
                   "birth_month": "2014-06", "arrangement": "mainstream_foster"}),
        )
        .await
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Some(file) = &self.0 {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
    }
}

/// A row read straight from the database, each column as text (numbers written out), in the
/// table's order. A column of any other type stops the test, naming it, rather than reading as
/// empty.
pub fn row_as_text(row: &sqlx::any::AnyRow) -> Vec<(String, Option<String>)> {
    use sqlx::{Column, Row};
    row.columns()
        .iter()
        .map(|c| {
            let i = c.ordinal();
            let text = row
                .try_get::<Option<String>, _>(i)
                .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| v.map(|n| n.to_string())))
                .unwrap_or_else(|e| panic!("{} is neither text nor a whole number: {e}", c.name()));
            (c.name().to_string(), text)
        })
        .collect()
}
