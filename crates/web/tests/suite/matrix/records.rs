//! The records the matrix tries each route on: one of each kind in scope, one in another service,
//! and the two satellites that host the in-scope child.

use axum::http::StatusCode;
use domain::Date;
use domain::sleepovers::HOST_ACCESS_DAYS;
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
    pub contact: String,
    pub event: String,
    pub concern: String,
    pub sibling_contact: String,
    pub month: String,
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
    let contact = app
        .create(
            "/api/v1/contacts",
            json!({"household_id": household, "channel": "phone", "minutes": 10,
                   "topics": ["advice"]}),
        )
        .await;
    let soon = format!("{}T19:00", domain::Date::today().add_days(10));
    let event = app
        .create(
            "/api/v1/events",
            json!({"constellation_id": constellation, "kind": "social", "title": "Quiz night",
                   "starts_at": soon}),
        )
        .await;
    let concern = app
        .create(
            "/api/v1/concerns",
            json!({"household_id": household, "kind": "placement_at_risk", "child_id": child}),
        )
        .await;
    // A brother at the hub, placed apart from S-1's child, and a meeting recorded between them.
    let brother = app.child(&service, &hub).await;
    let linked = app
        .post_json(&format!("/api/v1/children/{child}/siblings"), &json!({"sibling_id": brother}))
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    let met = app
        .post_json(
            "/api/v1/sibling-contacts",
            &json!({"child_ids": [child, brother], "on": Date::today().to_string(),
                    "note": "An afternoon at the hub"}),
        )
        .await;
    assert_eq!(met.status, StatusCode::CREATED, "{}", met.body);
    let sibling_contact = met.json()["record_id"].as_str().unwrap().to_string();
    Records {
        concern,
        sibling_contact,
        month: Date::today().month().previous().to_string(),
        contact,
        event,
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

/// Two more satellites of the in-scope constellation, where the service lets satellites host,
/// each hosting S-1's child on a confirmed stay.
pub struct Hosts {
    /// S-2, whose stay's last night is ahead.
    pub hosting: String,
    pub stay: String,
    /// S-3, whose stay's last night was more than a week ago.
    pub hosted: String,
}

pub async fn hosts(app: &TestApp, mine: &Records) -> Hosts {
    let rules = json!({"sleepover_nights": 3, "short_break_nights": 7, "notice_days": 0,
                       "yearly_nights": 28, "satellites_may_host": true});
    let set =
        app.put_json(&format!("/api/v1/services/{}/sleepover-rules", mine.service), &rules).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let hosting = app.household(&mine.service, "S-2").await;
    let hosted = app.household(&mine.service, "S-3").await;
    for home in [&hosting, &hosted] {
        app.join(home, &mine.constellation, "satellite", "2021-01-01").await;
    }
    let stay = confirmed_stay(app, mine, &hosting, 20).await;
    let past = confirmed_stay(app, mine, &hosted, 30).await;
    // No route moves a stay into the past. A night this long ago: the host's view ended yesterday.
    let night = Date::today().add_days(-(HOST_ACCESS_DAYS + 1));
    sqlx::query("UPDATE sleepovers SET first_night = $1, last_night = $1 WHERE id = $2")
        .bind(night.to_string())
        .bind(&past)
        .execute(&app.pool().await)
        .await
        .unwrap();
    Hosts { hosting, stay, hosted }
}

/// A night of S-1's child at `host`, `days` ahead, confirmed. The child has no delegated
/// authority recorded, so the service manager overrides first.
async fn confirmed_stay(app: &TestApp, mine: &Records, host: &str, days: i32) -> String {
    let first = Date::today().add_days(days).to_string();
    let stay = app
        .create(
            "/api/v1/sleepovers",
            json!({"from_household_id": mine.household, "host_household_id": host,
            "child_ids": [mine.child], "first_night": first, "nights": 1, "kind": "planned",
            "reason": "respite"}),
        )
        .await;
    for (step, body) in
        [("override", json!({"reason": "Social worker agreed by phone"})), ("confirm", json!({}))]
    {
        let reply = app.post_json(&format!("/api/v1/sleepovers/{stay}/{step}"), &body).await;
        assert_eq!(reply.status, StatusCode::OK, "{step}: {}", reply.body);
    }
    stay
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
    Contact,
    Event,
    Concern,
    SiblingContact,
    Token,
    /// Not a record: the month of a monthly return, last month's.
    Month,
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
        "contacts" => Kind::Contact,
        "events" => Kind::Event,
        "concerns" => Kind::Concern,
        "sibling-contacts" => Kind::SiblingContact,
        "tokens" => Kind::Token,
        "month" => Kind::Month,
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
            Kind::Contact => &self.contact,
            Kind::Event => &self.event,
            Kind::Concern => &self.concern,
            Kind::SiblingContact => &self.sibling_contact,
            Kind::Token => "00000000-0000-7000-8000-000000000000",
            Kind::Month => &self.month,
        }
    }
}
