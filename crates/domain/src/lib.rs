//! The Mockingbird Family Model: the words of DESIGN.md as types, and the rules between them.
//!
//! Nothing here does I/O. Values are parsed once at the edge (`Postcode::parse`, `DateRange::new`)
//! and are valid from then on.

mod check;
mod choice;
mod date;
mod error;
mod id;
mod kinds;
mod page;
mod postcode;
pub mod registry;
pub mod rules;
pub mod ssda903;

pub use check::{Check, Loose};
pub use choice::Choice;
pub use date::{Date, DateRange, Month};
pub use error::{Error, FieldError};
pub use id::Id;
pub use kinds::*;
pub use page::{Page, PageRequest};
pub use postcode::Postcode;

/// The caller's reach over the data. Every store read takes one and filters by it in SQL.
///
/// Sign-in adds narrower scopes (a constellation, a household); today a caller sees everything or
/// one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every service: the command line and the programme's own tooling.
    Everything,
    /// One service and all that belongs to it.
    Service(Id),
}

impl Scope {
    /// The one service this scope is limited to, if any, for binding into SQL filters.
    pub fn service(&self) -> Option<Id> {
        match self {
            Scope::Everything => None,
            Scope::Service(id) => Some(*id),
        }
    }
}
