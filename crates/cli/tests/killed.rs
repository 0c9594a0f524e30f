//! No acknowledged write is lost when the process is killed: four clients add households while the
//! server is killed with SIGKILL mid-write; after a restart on the same database (SQLite, or
//! PostgreSQL when `TEST_DATABASE_URL` is set), every household that was answered `201 Created`
//! is there.

mod common;

use std::time::Duration;

use common::{Client, Database, Server, WRITERS, add_service, kill_while_writing, sign_up_runner};
use serde_json::json;

#[test]
fn no_acknowledged_write_is_lost_when_the_server_is_killed() {
    let database = Database::fresh();
    let token = sign_up_runner(&database);
    let mut server = Server::start(&database);
    let mut client = Client::open(&server.address, &token).expect("connect");
    let service = add_service(&database, &mut client, "Crashfield Fostering");

    // Each client keeps the references it saw acknowledged.
    let writing = service.clone();
    let acknowledged = kill_while_writing(
        &mut server,
        &token,
        Duration::from_millis(1500),
        move |client, task, n, acknowledged: &mut Vec<String>| {
            let reference = format!("CR-{task}-{n}");
            let household = json!({"service_id": writing, "reference": reference,
                "display_name": format!("Household {reference}"), "postcode": "M1 1AE",
                "places": 2, "joined_on": "2023-05-01"});
            match client.send("POST", "/api/v1/households", Some(&household))? {
                (201, _) => acknowledged.push(reference),
                (status, body) => panic!("{reference} answered {status}: {body}"),
            }
            Ok(())
        },
    );
    assert!(acknowledged.len() >= 20, "only {} writes were acknowledged", acknowledged.len());

    let server = Server::start(&database);
    let mut client = Client::open(&server.address, &token).expect("connect");
    let mut found = std::collections::HashSet::new();
    let mut total = 0;
    for page in 1.. {
        let list = client
            .get(&format!("/api/v1/households?service_id={service}&per_page=100&page={page}"));
        total = list["total"].as_u64().expect("total");
        let items = list["items"].as_array().expect("items");
        found.extend(items.iter().filter_map(|h| h["reference"].as_str().map(str::to_string)));
        if items.is_empty() || found.len() as u64 >= total {
            break;
        }
    }
    eprintln!("{} writes acknowledged before the kill, {total} saved", acknowledged.len());
    let lost: Vec<&String> = acknowledged.iter().filter(|r| !found.contains(*r)).collect();
    assert!(lost.is_empty(), "{} acknowledged households were lost: {lost:?}", lost.len());
    // At most one write per client was in flight, unanswered, when the server was killed.
    assert!(
        total as usize <= acknowledged.len() + WRITERS,
        "{total} saved, {} acknowledged",
        acknowledged.len()
    );
}
