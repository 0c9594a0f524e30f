//! Input fuzzed against the OpenAPI document never produces a 5xx: every write operation in
//! the document gets bodies whose properties are odd values of every type.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestApp;

fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z ^ (z >> 27)
}

fn odd_value(state: &mut u64, ids: &[String]) -> Value {
    let pick = next(state) % 14;
    match pick {
        0 => Value::Null,
        1 => json!(""),
        2 => json!("x".repeat(5000)),
        3 => json!("\u{0}\u{1}nul"),
        4 => json!(-1),
        5 => json!(i64::MAX),
        6 => json!(1e308),
        7 => json!(true),
        8 => json!({"nested": [1, 2]}),
        9 => json!([1, "two"]),
        10 => json!("2026-02-30"),
        11 => json!("'; DROP TABLE households; --"),
        12 => json!(ids[(next(state) as usize) % ids.len()]),
        _ => json!("9999-12-31"),
    }
}

#[tokio::test]
async fn fuzzed_writes_never_answer_5xx() {
    let app = TestApp::spawn().await;
    let service = app.service("Northfield Fostering").await;
    let household = app.household(&service, "H-1").await;
    let constellation = app.constellation(&service, "Larkspur").await;
    let ids = vec![
        service.clone(),
        household.clone(),
        constellation.clone(),
        uuid::Uuid::now_v7().to_string(),
    ];
    let document: Value = serde_json::from_str(&web::openapi_document()).unwrap();
    let schemas = &document["components"]["schemas"];
    let mut state = 42;
    let mut tried = 0;
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let Some(reference) =
                operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
            else {
                continue;
            };
            let schema = &schemas[reference.rsplit('/').next().unwrap()];
            let properties: Vec<String> =
                schema["properties"].as_object().unwrap().keys().cloned().collect();
            for _ in 0..40 {
                let mut body = serde_json::Map::new();
                for property in &properties {
                    if !next(&mut state).is_multiple_of(3) {
                        body.insert(property.clone(), odd_value(&mut state, &ids));
                    }
                }
                let concrete = path.replace("{id}", &ids[(next(&mut state) as usize) % ids.len()]);
                let reply = app
                    .send_json(&method.to_uppercase(), &concrete, &Value::Object(body.clone()))
                    .await;
                assert!(
                    reply.status < StatusCode::INTERNAL_SERVER_ERROR,
                    "{method} {concrete} {body:?} -> {} {}",
                    reply.status,
                    reply.body
                );
                tried += 1;
            }
        }
    }
    assert!(tried > 300, "the document lists the write operations ({tried} tried)");
}
