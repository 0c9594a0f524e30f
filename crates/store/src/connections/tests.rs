//! On PostgreSQL (when `TEST_DATABASE_URL` is set; SQLite's file does not drop connections, and
//! its connections are never checked): a connection the server drops costs one failed statement
//! at most, and a write cut off never leaves its transaction open on a connection used again.

use std::str::FromStr;

use sqlx::{Connection, Executor, Row};

use super::*;
use crate::Store;

/// A fresh schema's URL and a set of one connection to it, as requests on PostgreSQL use.
async fn one_connection() -> Option<(String, Arc<Connections>)> {
    let url = crate::testing::postgres().await?;
    sqlx::any::install_default_drivers();
    let options = AnyConnectOptions::from_str(&url).expect("options");
    Some((url.clone(), Connections::new(&options, 1, crate::POSTGRES_SETTINGS.into(), true)))
}

async fn backend_pid(conn: &mut AnyConnection) -> sqlx::Result<i32> {
    sqlx::query("SELECT pg_backend_pid() AS pid").fetch_one(conn).await?.try_get("pid")
}

#[tokio::test]
async fn a_connection_the_server_drops_costs_one_failed_statement_then_is_replaced() {
    let Some((url, set)) = one_connection().await else { return };
    let first = backend_pid(&mut set.take().await.expect("take")).await.expect("pid");

    let mut other = sqlx::PgConnection::connect(&url).await.expect("connect");
    let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(first)
        .fetch_one(&mut other)
        .await
        .expect("terminate");
    assert!(ended);

    // The set cannot know yet: the next statement on that connection fails, and is noted.
    let failed = backend_pid(&mut set.take().await.expect("take")).await;
    let error = crate::Error::from(failed.expect_err("the server dropped the connection"));
    assert!(matches!(error, crate::Error::Database(_)));
    // Then the connection is pinged before use, found broken, and a new one opened.
    let second = backend_pid(&mut set.take().await.expect("take")).await.expect("a new one");
    assert_ne!(first, second);
    let again = backend_pid(&mut set.take().await.expect("take")).await.expect("kept");
    assert_eq!(second, again);
}

#[tokio::test]
async fn a_write_dropped_part_way_is_rolled_back_before_its_connection_serves_again() {
    let Some(url) = crate::testing::postgres().await else { return };
    let store = Store::connect(&url).await.expect("connect");
    store.write_one(sqlx::query("CREATE TABLE marks (n BIGINT)")).await.expect("create");

    let mut write = store.write().await.expect("write");
    write.execute("INSERT INTO marks (n) VALUES (1)").await.expect("insert");
    drop(write);

    // Every connection of the set at once, so the one the write held is among them, once its
    // rollback has handed it back: none is inside a transaction, and none sees the mark.
    let mut reads = Vec::new();
    for _ in 0..crate::postgres_connections() {
        reads.push(store.read().await.expect("read"));
    }
    for read in &mut reads {
        let marks: i64 = sqlx::query_scalar("SELECT count(*) FROM marks")
            .fetch_one(&mut **read)
            .await
            .expect("count");
        assert_eq!(marks, 0);
        // A savepoint is refused outside a transaction.
        let outside = read.execute("SAVEPOINT probe").await.expect_err("left in a transaction");
        assert!(outside.to_string().contains("transaction blocks"), "{outside}");
    }
}

#[tokio::test]
async fn a_statement_cut_off_leaves_nothing_for_the_next_caller() {
    let Some((_, set)) = one_connection().await else { return };
    let quick = Duration::from_millis(50);
    // Fails once its caller has gone: its error must not become the next statement's.
    let failing =
        "SELECT 1 / (extract(epoch FROM clock_timestamp()) * 0)::int AS n FROM pg_sleep(0.3)";
    // Still running long after its caller has gone: the next caller must not wait for it.
    let hanging = "SELECT 1 AS n FROM pg_sleep(5)";
    for cut_off in [failing, hanging] {
        {
            let mut conn = set.take().await.expect("take");
            let run = sqlx::query(cut_off).fetch_one(&mut *conn);
            assert!(tokio::time::timeout(quick, run).await.is_err(), "cut off");
        }
        let started = Instant::now();
        let mut conn = set.take().await.expect("take");
        let n: i32 = sqlx::query_scalar("SELECT 2").fetch_one(&mut *conn).await.expect("its own");
        assert_eq!(n, 2, "after {cut_off}");
        assert!(started.elapsed() < SETTLE + WAIT, "after {cut_off}");
    }
}
