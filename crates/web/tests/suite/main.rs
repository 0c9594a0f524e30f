//! The store and web suite. Each test gets a fresh database: SQLite by default, PostgreSQL when
//! `TEST_DATABASE_URL` is set.

mod access;
mod audit;
mod bad_input;
mod concerns;
mod contacts;
mod corrections;
mod demo;
mod events;
mod fidelity;
mod fuzz;
mod harness;
mod impact;
mod matrix;
mod pages;
mod registry;
mod returns;
mod schema;
mod siblings;
mod sign_in;
mod sleepovers;
mod surveys;
