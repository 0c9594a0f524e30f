//! A one-to-one support contact: who was supported, when, how, for how long and about what.
//! Made to be logged on a phone in under a minute, so everything but the household, the channel,
//! the minutes and one topic has a default.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::check::{list, loose};
use crate::registry::caps;
use crate::{Check, Choice, ContactChannel, Error, Id, MembershipRole, Power, Scope, choice};

choice!(
    /// What a contact was about; a contact may be about several.
    ContactTopic {
        Advice => "advice", "Advice";
        EmotionalSupport => "emotional_support", "Emotional support";
        PracticalHelp => "practical_help", "Practical help";
        Transport => "transport", "Transport";
        Crisis => "crisis", "Crisis";
        Other => "other", "Other";
    }
);

/// The longest contact, in minutes: a whole working day.
pub const LONGEST_CONTACT: i64 = 480;
/// How far back a contact may be logged: a typed year is caught, a late entry is not refused.
pub const OLDEST_CONTACT_DAYS: i64 = 400;
/// How far ahead of the server's clock a contact may be, for a phone whose clock runs fast.
const CLOCK_SLACK_MINUTES: i64 = 5;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactInput {
    /// The household supported.
    #[serde(default, deserialize_with = "loose")]
    pub household_id: Option<String>,
    /// When, in UK time, as `2026-11-23T19:30`, or an RFC 3339 instant. Left out: now for a new
    /// contact, unchanged for a corrected one.
    #[serde(default, deserialize_with = "loose")]
    pub at: Option<String>,
    /// `phone`, `in_person`, `video` or `message`.
    #[serde(default, deserialize_with = "loose")]
    pub channel: Option<String>,
    /// Minutes spent, 1 to 480.
    #[serde(default, deserialize_with = "loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub minutes: Option<String>,
    /// One or more of `advice`, `emotional_support`, `practical_help`, `transport`, `crisis`,
    /// `other`.
    #[serde(default, deserialize_with = "list")]
    pub topics: Option<Vec<String>>,
    #[serde(default, deserialize_with = "loose")]
    pub note: Option<String>,
}

/// A support contact as logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: Id,
    pub service_id: Id,
    pub household_id: Id,
    pub household_name: String,
    /// Who gave the support, by the name they had when it was logged.
    pub made_by: String,
    /// Their account; none for a contact brought in from before Constellate.
    pub made_by_user: Option<Id>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub channel: ContactChannel,
    pub minutes: i64,
    pub topics: Vec<ContactTopic>,
    pub note: Option<String>,
}

impl Contact {
    /// Whether the caller may correct this contact: whoever logged it, or the service's staff.
    pub fn may_change(&self, scope: &Scope) -> bool {
        scope.may(Power::KeepRecords(self.service_id))
            || self.made_by_user.is_some_and(|u| scope.person() == Some(u))
    }

    /// The topics as a person reads them: "Advice, Crisis".
    pub fn topic_labels(&self) -> String {
        self.topics.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ")
    }
}

impl ContactTopic {
    /// Reads stored topics, comma-separated. A word no longer on the list reads as `Other`,
    /// so an old record is still shown.
    pub fn read_stored(text: &str) -> Vec<ContactTopic> {
        let read: Vec<ContactTopic> = text
            .split(',')
            .filter(|t| !t.trim().is_empty())
            .map(|t| ContactTopic::parse(t).unwrap_or(ContactTopic::Other))
            .collect();
        ContactTopic::ALL.iter().copied().filter(|t| read.contains(t)).collect()
    }
}

/// Support is given to another household: a carer does not log contacts with the hub they run
/// themselves. The service's staff may log support to a hub household.
pub fn check_recipient(
    scope: &Scope,
    service: Id,
    role: Option<MembershipRole>,
) -> Result<(), Error> {
    if role == Some(MembershipRole::Hub) && !scope.may(Power::KeepRecords(service)) {
        return Err(Error::field(
            "household_id",
            "is the hub household: log the support you give another household",
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDraft {
    pub household_id: Id,
    /// When, if given: a new contact is then now, a corrected one keeps its time.
    pub at: Option<Timestamp>,
    pub channel: ContactChannel,
    pub minutes: i64,
    pub topics: Vec<ContactTopic>,
    pub note: Option<String>,
}

impl ContactDraft {
    /// Reads a contact logged at `now`: `now` bounds how recent and how old it may be.
    pub fn parse(input: &ContactInput, now: Timestamp) -> Result<Self, Error> {
        let mut check = Check::new();
        let household_id = check.id("household_id", &input.household_id);
        let at = read_at(&mut check, &input.at, now);
        let channel = check.choice("channel", &input.channel);
        let minutes = check.int("minutes", &input.minutes, 1, LONGEST_CONTACT, None);
        let topics = read_topics(&mut check, input.topics.as_deref().unwrap_or_default());
        let note = check.opt_text("note", &input.note, caps::SHORT);
        check.finish()?;
        Ok(ContactDraft { household_id, at, channel, minutes, topics, note })
    }

    /// The topics as stored: their words, comma-separated, in the order a form lists them.
    pub fn topic_words(&self) -> String {
        self.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
    }
}

/// When the contact was: not in the future, and not further back than
/// [`OLDEST_CONTACT_DAYS`].
fn read_at(check: &mut Check, raw: &Option<String>, now: Timestamp) -> Option<Timestamp> {
    let at = check.opt_instant("at", raw)?;
    let ahead = at.as_second() - now.as_second();
    let behind = now.as_second() - at.as_second();
    if ahead > CLOCK_SLACK_MINUTES * 60 {
        check.push("at", "cannot be in the future: log a contact once it has happened");
    } else if behind > OLDEST_CONTACT_DAYS * 24 * 60 * 60 {
        check.push("at", format!("must be within the last {OLDEST_CONTACT_DAYS} days"));
    }
    Some(at)
}

/// One or more topics, each once, in the order a form lists them.
fn read_topics(check: &mut Check, raw: &[String]) -> Vec<ContactTopic> {
    let mut chosen = Vec::new();
    for text in raw.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match ContactTopic::parse(text) {
            Some(topic) => chosen.push(topic),
            None => {
                check.push("topics", format!("must each be one of {}", ContactTopic::words()));
                return Vec::new();
            }
        }
    }
    if chosen.is_empty() {
        check.push("topics", "is required: choose what the contact was about");
    }
    ContactTopic::ALL.iter().copied().filter(|t| chosen.contains(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-23T19:45:00Z".parse().unwrap()
    }

    fn input(at: Option<&str>, minutes: &str, topics: &[&str]) -> ContactInput {
        ContactInput {
            household_id: Some(Id::new().to_string()),
            at: at.map(str::to_string),
            channel: Some("phone".into()),
            minutes: Some(minutes.into()),
            topics: Some(topics.iter().map(|t| t.to_string()).collect()),
            note: None,
        }
    }

    fn fields(result: Result<ContactDraft, Error>) -> Vec<String> {
        match result {
            Err(Error::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn the_time_may_be_left_out_and_topics_keep_the_forms_order_once_each() {
        let draft = ContactDraft::parse(&input(None, "15", &["crisis", "advice", "crisis"]), now())
            .unwrap();
        assert_eq!(draft.at, None);
        assert_eq!(draft.topics, vec![ContactTopic::Advice, ContactTopic::Crisis]);
        assert_eq!(draft.topic_words(), "advice,crisis");
    }

    #[test]
    fn stored_topics_read_in_the_forms_order_and_unknown_words_as_other() {
        let read = ContactTopic::read_stored("crisis,advice, school");
        assert_eq!(read, [ContactTopic::Advice, ContactTopic::Crisis, ContactTopic::Other]);
        assert!(ContactTopic::read_stored("").is_empty());
    }

    #[test]
    fn a_phones_local_time_is_read_as_uk_time() {
        // 23 November is GMT; 1 July is BST, an hour ahead of UTC.
        let winter = ContactDraft::parse(&input(Some("2026-11-23T19:30"), "5", &["advice"]), now());
        assert_eq!(winter.unwrap().at, Some("2026-11-23T19:30:00Z".parse().unwrap()));
        let summer = ContactDraft::parse(&input(Some("2026-07-01T09:00"), "5", &["advice"]), now());
        assert_eq!(summer.unwrap().at, Some("2026-07-01T08:00:00Z".parse().unwrap()));
    }

    #[test]
    fn the_future_the_distant_past_and_nonsense_are_refused_by_field() {
        let later = input(Some("2026-11-23T21:00"), "5", &["advice"]);
        assert_eq!(fields(ContactDraft::parse(&later, now())), ["at"]);
        let long_ago = input(Some("2024-01-01T10:00"), "5", &["advice"]);
        assert_eq!(fields(ContactDraft::parse(&long_ago, now())), ["at"]);
        let bad = input(Some("yesterday"), "0", &["gossip"]);
        assert_eq!(fields(ContactDraft::parse(&bad, now())), ["at", "minutes", "topics"]);
        let none = input(None, "481", &[]);
        assert_eq!(fields(ContactDraft::parse(&none, now())), ["minutes", "topics"]);
        let empty = ContactInput { note: Some("x".repeat(caps::SHORT + 1)), ..Default::default() };
        assert_eq!(
            fields(ContactDraft::parse(&empty, now())),
            ["household_id", "channel", "minutes", "topics", "note"]
        );
    }
}
