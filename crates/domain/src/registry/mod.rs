//! The registry's inputs (DESIGN §3, §5.1): what a form or an API body sends, and the drafts
//! they are read into. One input type serves the HTML form and the JSON body alike.

mod carer;
mod child;
mod constellation;
mod ending;
mod household;
mod membership;
mod placement;
mod records;
mod service;

pub use carer::{CarerDraft, CarerInput};
pub use child::{ChildDraft, ChildInput, DelegatedAuthority};
pub use constellation::{ConstellationDraft, ConstellationInput};
pub use ending::{ApprovalEnding, EndInput, MembershipEnd, PlacementEnding};
pub use household::{HouseholdDraft, HouseholdInput};
pub use membership::{MembershipDraft, MembershipInput, MoveDraft, MoveInput};
pub use placement::{PlacementDraft, PlacementInput};
pub use records::{Carer, Child, Constellation, Household, Membership, Placement, Service};
pub use service::{ServiceDraft, ServiceInput};

/// Text caps, shared so forms can show them as `maxlength`.
pub mod caps {
    pub const NAME: usize = 120;
    pub const REFERENCE: usize = 40;
    pub const REGION: usize = 80;
    pub const NOTE: usize = 2000;
    pub const SHORT: usize = 200;
}
