//! For the store's own tests: a fresh database on SQLite, and one on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

use sqlx::{Connection, Executor};

/// A URL for a fresh SQLite file in the temporary folder: [`remove`] it after.
pub(crate) fn sqlite() -> String {
    let path = std::env::temp_dir()
        .join(format!("constellate-store-{}.db", uuid::Uuid::now_v7().simple()));
    format!("sqlite:{}", path.display())
}

/// A URL for a fresh schema in the test database, or `None` when there is no PostgreSQL to use.
pub(crate) async fn postgres() -> Option<String> {
    let base = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())?;
    let name = format!("c{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&base).await.expect("TEST_DATABASE_URL answers");
    conn.execute(format!("CREATE SCHEMA {name}").as_str()).await.expect("create schema");
    let joiner = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{joiner}options=-c%20search_path%3D{name}"))
}

/// Every backend there is to test on.
pub(crate) async fn every_backend() -> Vec<String> {
    let mut urls = vec![sqlite()];
    urls.extend(postgres().await);
    urls
}

/// Removes a SQLite database's files; a PostgreSQL schema is left to the test database.
pub(crate) fn remove(url: &str) {
    if let Some(path) = url.strip_prefix("sqlite:") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
}
