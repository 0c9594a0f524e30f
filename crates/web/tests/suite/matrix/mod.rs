//! The access matrix: every route, with every role, on a record in scope and one out of scope.
//!
//! The API's routes come from the OpenAPI document and the pages' routes from following every
//! link and form on the site, so a route added later is tried without anyone listing it. Out of
//! scope is never a success: a read is 404, exactly as for an id that does not exist.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::{Grant, Place, Role};

use crate::harness::{Reply, TestApp};
use people::{people, reaches_elsewhere};
use records::records;
use routes::{Route, api_routes, crawl};

mod people;
mod records;
mod routes;

async fn send(app: &TestApp, route: &Route, path: &str) -> Reply {
    let api = path.starts_with("/api/");
    let mut request = Request::builder().method(route.method).uri(path);
    let body = if route.method == "GET" {
        Body::empty()
    } else if api {
        request = request.header(header::CONTENT_TYPE, "application/json");
        Body::from("{}")
    } else {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        Body::empty()
    };
    app.request(request.body(body).unwrap()).await
}

#[tokio::test]
async fn every_route_with_every_role_in_and_out_of_scope() {
    let app = TestApp::spawn().await;
    let mine = records(&app, "Northfield Fostering").await;
    let theirs = records(&app, "Southbank Fostering").await;
    let (manager, _) = app
        .as_user(
            "manager@example.org",
            Grant {
                role: Role::ServiceManager,
                place: Place::Service(mine.service.parse().unwrap()),
            },
        )
        .await;

    let pages = crawl(&manager).await;
    let api = api_routes();
    assert!(pages.len() >= 30, "the crawl found only {} page routes: {pages:?}", pages.len());
    assert!(api.len() >= 30, "the OpenAPI document has only {} operations", api.len());
    let mut routes: Vec<Route> =
        pages.into_iter().chain(api).filter(|r| r.template != "/sign-out").collect();
    // Reads first, so each sees the records as made: a write in scope may change them, as a
    // host's empty cancel form cancels the stay that lets them see the child.
    routes.sort_by_key(|r| r.method != "GET");

    let people = people(&app, manager, &mine).await;

    let mut problems = Vec::new();
    let mut tried = 0;
    for route in &routes {
        let kinds = route.kinds();
        for person in &people {
            let who = &person.who;
            let in_scope = send(&person.app, route, &route.fill(&person.mine)).await;
            let out = send(&person.app, route, &route.fill(&theirs)).await;
            tried += 2;
            for reply in [&in_scope, &out] {
                if reply.status.is_server_error() {
                    problems.push(format!(
                        "{who} {} {}: {}",
                        route.method, route.template, reply.status
                    ));
                }
            }
            let Some(role) = person.role else {
                // Nobody signed in: pages send to the sign-in page, the API answers 401.
                let open = ["/sign-in", "/api/v1/sign-in", "/healthz", "/readyz"]
                    .iter()
                    .any(|p| route.template.starts_with(p));
                let sent_away = in_scope.status == StatusCode::UNAUTHORIZED
                    || in_scope.location.as_deref().is_some_and(|l| l.starts_with("/sign-in"));
                if !open && !sent_away {
                    problems.push(format!(
                        "nobody {} {}: {}",
                        route.method, route.template, in_scope.status
                    ));
                }
                continue;
            };
            if kinds.is_empty() {
                // A list or a form with no record: it must show none of the other service's.
                for id in [&theirs.household, &theirs.child, &theirs.carer, &theirs.placement] {
                    if out.body.contains(id.as_str()) {
                        problems.push(format!(
                            "{who} {} {} shows another service's {id}",
                            route.method, route.template
                        ));
                    }
                }
                continue;
            }
            // The fidelity dashboard and the monthly returns are the service's staff's alone,
            // wherever they are asked for.
            let hidden = (route.template.contains("/fidelity")
                || route.template.contains("/returns"))
                && !role.is_staff();
            let elsewhere = kinds.iter().all(|k| reaches_elsewhere(role, *k)) && !hidden;
            let succeeded = out.status.is_success()
                || (out.status == StatusCode::SEE_OTHER && route.method != "GET");
            if succeeded && !(elsewhere && route.method == "GET") {
                problems.push(format!(
                    "{who} {} {} out of scope: {}",
                    route.method, route.template, out.status
                ));
            }
            if route.method == "GET" {
                let expected = if elsewhere { StatusCode::OK } else { StatusCode::NOT_FOUND };
                if out.status != expected {
                    problems.push(format!(
                        "{who} GET {} out of scope: {}, not {expected}",
                        route.template, out.status
                    ));
                }
                let audit_only_managers =
                    route.template.starts_with("/audit") && role != Role::ServiceManager;
                let expected = if kinds.iter().all(|k| (person.reaches)(*k))
                    && !audit_only_managers
                    && !hidden
                {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                };
                if in_scope.status != expected {
                    problems.push(format!(
                        "{who} GET {} in scope: {}, not {expected}",
                        route.template, in_scope.status
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {tried} tries went wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
