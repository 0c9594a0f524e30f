//! The migrations are compiled into the store (`sqlx::migrate!`), so a new or changed migration
//! must rebuild it even when no source file changed.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
