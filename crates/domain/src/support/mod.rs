//! The everyday support a constellation gives (DESIGN §5.4): one-to-one contacts, events,
//! concerns, sibling contact and carers' surveys.

mod concern;
mod contact;
mod event;
mod sibling;
mod survey;

pub use concern::{
    ActionInput, ActionKind, ActionRecord, CloseDraft, CloseInput, Concern, ConcernAction,
    ConcernDraft, ConcernInput, OLDEST_CONCERN_DAYS, RED_FLAG_DAYS, counted, red_flag,
    red_flag_notice, sleepover_gave_support,
};
pub use contact::{
    Contact, ContactDraft, ContactInput, ContactTopic, LONGEST_CONTACT, OLDEST_CONTACT_DAYS,
    check_recipient,
};
pub use event::{
    Attendance, AttendanceDraft, AttendanceInput, Event, EventDraft, EventInput, EventReply,
    FURTHEST_EVENT_DAYS, OLDEST_EVENT_DAYS, ReplyAnswer, ReplyInput, cancel_reason, may_reply,
};
pub use sibling::{
    EventSeen, Home, MOST_SIBLINGS, OLDEST_SIBLING_CONTACT_DAYS, Sibling, SiblingContact,
    SiblingContactDraft, SiblingContactInput, SiblingLinkInput, SiblingPresent, SiblingSource,
    SleepoverSeen, find_sibling_contacts,
};
pub use survey::{Quarter, Rating, Ratings, SurveyAnswer, SurveyDraft, SurveyInput, SurveyResults};
