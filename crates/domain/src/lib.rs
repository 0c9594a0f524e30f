//! The Mockingbird Family Model: the words of DESIGN.md as types, and the rules between them.
//!
//! Nothing here does I/O. Values are parsed once at the edge (`Postcode::parse`, `DateRange::new`)
//! and are valid from then on.

pub mod access;
mod check;
mod choice;
pub mod csv;
mod date;
mod error;
pub mod feed;
pub mod fidelity;
mod id;
pub mod impact;
mod kinds;
mod page;
mod postcode;
pub mod registry;
pub mod returns;
pub mod rules;
pub mod sheet;
pub mod sleepovers;
pub mod ssda903;
pub mod support;

pub use access::{Grant, Place, Power, Role, Scope, Sensitivity};
pub use check::{Check, Loose, reason};
pub use choice::Choice;
pub use date::{Date, DateRange, Month, instant, local_minute, london, wall_clock};
pub use error::{Error, FieldError};
pub use id::Id;
pub use kinds::*;
pub use page::{Page, PageRequest};
pub use postcode::Postcode;

/// A count with its noun: `1 {one}`, or `{n} {many}`.
pub fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}
