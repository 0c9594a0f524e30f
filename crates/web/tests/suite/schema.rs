//! Both backends' schemas have the same tables and columns.

use store::Store;

fn sqlite_url() -> (String, std::path::PathBuf) {
    let path = std::env::temp_dir()
        .join(format!("constellate-schema-{}.db", uuid::Uuid::now_v7().simple()));
    (format!("sqlite:{}", path.display()), path)
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let (url, path) = sqlite_url();
    let sqlite = Store::connect(&url).await.unwrap();
    sqlite.migrate().await.unwrap();
    let sqlite_schema = sqlite.schema().await.unwrap();
    drop(sqlite);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    assert!(sqlite_schema.contains(&("sleepovers".into(), "first_night".into())));
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL side is checked in CI");
        return;
    };
    let name = format!("schema{}", uuid::Uuid::now_v7().simple());
    {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&base).await.unwrap();
        sqlx::query(&format!("CREATE SCHEMA {name}")).execute(&mut conn).await.unwrap();
    }
    let joiner = if base.contains('?') { '&' } else { '?' };
    let postgres =
        Store::connect(&format!("{base}{joiner}options=-c%20search_path%3D{name}")).await.unwrap();
    postgres.migrate().await.unwrap();
    assert_eq!(postgres.schema().await.unwrap(), sqlite_schema);
}
