//! The everyday support a constellation gives (DESIGN §5.4): one-to-one contacts first.

mod contact;

pub use contact::{
    Contact, ContactDraft, ContactInput, ContactTopic, LONGEST_CONTACT, OLDEST_CONTACT_DAYS,
    check_recipient,
};
