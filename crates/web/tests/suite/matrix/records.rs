//! The records the matrix tries each route on: one of each kind in scope, one in another service.

use serde_json::json;

use crate::harness::TestApp;

/// A record of each kind: one set in scope, one in another service.
#[derive(Clone)]
pub struct Records {
    pub service: String,
    pub constellation: String,
    pub household: String,
    pub membership: String,
    pub carer: String,
    pub child: String,
    pub placement: String,
    pub sleepover: String,
    pub unavailable: String,
}

pub async fn records(app: &TestApp, name: &str) -> Records {
    let service = app.service(name).await;
    let constellation = app.constellation(&service, "Larkspur").await;
    let hub = app.household(&service, "H-1").await;
    let household = app.household(&service, "S-1").await;
    app.join(&hub, &constellation, "hub", "2021-01-01").await;
    let membership =
        app.join(&household, &constellation, "satellite", "2021-01-01").await.json()["id"]
            .as_str()
            .unwrap()
            .to_string();
    let carer = app
        .create("/api/v1/carers", json!({"household_id": household, "name": "Ellis Marsh", "role": "main_carer", "approved_from": "2020-01-01"}))
        .await;
    let child = app.child(&service, &household).await;
    let placement = app
        .create("/api/v1/placements", json!({"child_id": child, "household_id": household, "from_on": "2022-01-01", "place_code": "U4"}))
        .await;
    let first = domain::Date::today().add_days(10).to_string();
    let sleepover = app
        .create(
            "/api/v1/sleepovers",
            json!({"from_household_id": household, "child_ids": [child],
            "first_night": first, "nights": 1, "kind": "planned", "reason": "respite"}),
        )
        .await;
    let away = domain::Date::today().add_days(40).to_string();
    let unavailable = app
        .create(
            &format!("/api/v1/households/{hub}/unavailable"),
            json!({"from_on": away, "to_on": away, "reason": "Holiday"}),
        )
        .await;
    Records {
        service,
        constellation,
        household,
        membership,
        carer,
        child,
        placement,
        sleepover,
        unavailable,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Service,
    Constellation,
    Household,
    Membership,
    Carer,
    Child,
    Placement,
    Sleepover,
    Unavailable,
    Token,
}

pub fn kind_of(name: &str) -> Kind {
    match name.trim_end_matches("_id") {
        "services" | "service" => Kind::Service,
        "constellations" | "constellation" => Kind::Constellation,
        "households" | "household" => Kind::Household,
        "memberships" => Kind::Membership,
        "carers" => Kind::Carer,
        "children" | "child" => Kind::Child,
        "placements" => Kind::Placement,
        "sleepovers" => Kind::Sleepover,
        "unavailable" => Kind::Unavailable,
        "tokens" => Kind::Token,
        other => panic!("a route names a record the matrix does not know: {other}"),
    }
}

impl Records {
    pub fn id(&self, kind: Kind) -> &str {
        match kind {
            Kind::Service => &self.service,
            Kind::Constellation => &self.constellation,
            Kind::Household => &self.household,
            Kind::Membership => &self.membership,
            Kind::Carer => &self.carer,
            Kind::Child => &self.child,
            Kind::Placement => &self.placement,
            Kind::Sleepover => &self.sleepover,
            Kind::Unavailable => &self.unavailable,
            Kind::Token => "00000000-0000-7000-8000-000000000000",
        }
    }
}
