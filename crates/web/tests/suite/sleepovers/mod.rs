//! Sleepovers and short breaks: the rules, the answers, the beds under concurrency, delegated
//! authority, the host's view of a child, e-mail without names, and the SSDA903 export.

mod answers;
mod beds;
mod list;
mod notices;
mod reach;
mod rules;

use domain::{Date, Grant, Id, Place, Role};
use serde_json::{Value, json};

use crate::harness::TestApp;

/// A constellation with a hub keeping `beds` beds and `satellites` satellites, each with two
/// children whose delegated authority is in place.
pub struct Constellation {
    pub app: TestApp,
    pub service: String,
    pub constellation: String,
    pub hub: String,
    pub satellites: Vec<String>,
    /// Each satellite's children.
    pub children: Vec<Vec<String>>,
}

pub async fn constellation(beds: i64, satellites: usize) -> Constellation {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let constellation = app.constellation(&service, "Larkspur").await;
    let hub = app
        .create(
            "/api/v1/households",
            json!({"service_id": service, "reference": "HUB", "display_name": "Hartley household",
                   "postcode": "M1 1AE", "places": 2, "sleepover_beds": beds, "joined_on": "2021-01-01"}),
        )
        .await;
    app.join(&hub, &constellation, "hub", "2021-01-01").await;
    let mut homes = Vec::new();
    let mut children = Vec::new();
    for n in 0..satellites {
        let home = app.household(&service, &format!("S-{n}")).await;
        app.join(&home, &constellation, "satellite", "2021-01-01").await;
        let mut theirs = Vec::new();
        for k in 0..2 {
            theirs.push(
                child_with_authority(
                    &app,
                    &service,
                    &home,
                    &format!("Juniper{n}x{k} Okafor"),
                    "2099-01-01",
                )
                .await,
            );
        }
        homes.push(home);
        children.push(theirs);
    }
    Constellation { app, service, constellation, hub, satellites: homes, children }
}

pub async fn child_with_authority(
    app: &TestApp,
    service: &str,
    home: &str,
    name: &str,
    review: &str,
) -> String {
    app.create(
        "/api/v1/children",
        json!({"service_id": service, "household_id": home, "name": name, "birth_month": "2014-06",
               "arrangement": "mainstream_foster", "da_granted_by": "Robin Ashdown",
               "da_granted_on": "2020-01-01", "da_scope": "Overnight stays", "da_review_on": review}),
    )
    .await
}

pub fn days_ahead(n: i32) -> String {
    Date::today().add_days(n).to_string()
}

pub fn ask(home: &str, children: &[&String], first: &str, nights: i64) -> Value {
    json!({"from_household_id": home, "child_ids": children, "first_night": first, "nights": nights,
           "kind": "planned", "reason": "respite"})
}

pub fn message(reply: &crate::harness::Reply) -> String {
    reply.json()["errors"][0]["message"].as_str().unwrap_or_default().to_string()
}

impl Constellation {
    /// The constellation's liaison worker, `liaison@example.org`.
    pub async fn liaison(&self) -> TestApp {
        let place = Place::Constellation(id(&self.constellation));
        let grant = Grant { role: Role::LiaisonWorker, place };
        self.app.as_user("liaison@example.org", grant).await.0
    }

    /// The hub's carer, `hub@example.org`.
    pub async fn hub_carer(&self) -> TestApp {
        let place = Place::Constellation(id(&self.constellation));
        self.app.as_user("hub@example.org", Grant { role: Role::HubCarer, place }).await.0
    }

    /// A carer of `home`.
    pub async fn satellite_carer(&self, email: &str, home: &str) -> TestApp {
        let grant = Grant { role: Role::SatelliteCarer, place: Place::Household(id(home)) };
        self.app.as_user(email, grant).await.0
    }
}

/// Runs futures at once and gathers their answers in order.
pub async fn futures_join<
    F: std::future::Future<Output = crate::harness::Reply> + Send + 'static,
>(
    futures: impl Iterator<Item = F>,
) -> Vec<crate::harness::Reply> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut replies = Vec::new();
    for handle in handles {
        replies.push(handle.await.expect("task"));
    }
    replies
}

pub fn id(text: &str) -> Id {
    text.parse().unwrap()
}

/// The beds taken at the hub on `night`, as its month's calendar shows them: one count, or none
/// if the calendar has no such night.
pub async fn taken_on(c: &Constellation, night: &str) -> Vec<i64> {
    let month = &night[..7];
    let path = format!("/api/v1/households/{}/calendar?month={month}", c.hub);
    let calendar = c.app.get(&path).await.json();
    calendar["nights"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["night"] == night)
        .filter_map(|n| n["taken"].as_i64())
        .collect()
}
