//! What e-mails about sleepovers say. They carry no child's name and no household's name: a
//! count of children, the nights, and a link to sign in and see the rest.

use super::Sleepover;
use crate::{SleepoverKind, SleepoverStatus};

/// One e-mail's words; the sender adds the link to the sleepover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub subject: String,
    pub body: String,
}

fn children(n: usize) -> String {
    if n == 1 { "1 child".into() } else { format!("{n} children") }
}

fn nights(s: &Sleepover) -> String {
    let count = if s.nights == 1 { "1 night".to_string() } else { format!("{} nights", s.nights) };
    format!("{count} from {}", s.first_night.long())
}

/// To the host (and, for an emergency, the liaison worker) when a request arrives.
pub fn request_notice(s: &Sleepover) -> Notice {
    let urgent = if s.kind == SleepoverKind::Emergency { "Emergency: " } else { "" };
    Notice {
        subject: format!("{urgent}{} request for {}", s.title(), s.first_night.long()),
        body: format!(
            "{urgent}A {} request has arrived: {}, {}.\n\nSign in to Constellate to answer it.",
            s.title().to_lowercase(),
            children(s.children.len()),
            nights(s)
        ),
    }
}

/// To whoever asked, when the request is answered, cancelled or closed.
pub fn answer_notice(s: &Sleepover) -> Notice {
    let what = match s.status {
        SleepoverStatus::Confirmed => "confirmed",
        SleepoverStatus::Declined => "declined",
        SleepoverStatus::Cancelled => "cancelled",
        SleepoverStatus::Completed => "marked completed",
        SleepoverStatus::DidNotHappen => "recorded as not having happened",
        SleepoverStatus::Requested => "changed",
    };
    Notice {
        subject: format!("{} for {}: {what}", s.title(), s.first_night.long()),
        body: format!(
            "The {} for {}, {}, has been {what}.\n\nSign in to Constellate to see it.",
            s.title().to_lowercase(),
            children(s.children.len()),
            nights(s)
        ),
    }
}

/// Which e-mails a person chooses to get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationChoices {
    /// A request arrives at a home the person hosts for.
    pub requests: bool,
    /// The person's own request is answered, cancelled or closed.
    pub answers: bool,
    /// An emergency request arrives in the person's constellation.
    pub emergencies: bool,
    /// A concern raised in the person's constellation is a red flag.
    pub red_flags: bool,
}

impl Default for NotificationChoices {
    fn default() -> Self {
        NotificationChoices { requests: true, answers: true, emergencies: true, red_flags: true }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChoicesInput {
    #[serde(default, deserialize_with = "crate::check::loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub requests: Option<String>,
    #[serde(default, deserialize_with = "crate::check::loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub answers: Option<String>,
    #[serde(default, deserialize_with = "crate::check::loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub emergencies: Option<String>,
    #[serde(default, deserialize_with = "crate::check::loose")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub red_flags: Option<String>,
}

impl NotificationChoices {
    /// A box left unticked (absent) is "no", as a form sends it.
    pub fn parse(input: &ChoicesInput) -> Result<Self, crate::Error> {
        let mut check = crate::Check::new();
        let requests = check.opt_bool("requests", &input.requests).unwrap_or(false);
        let answers = check.opt_bool("answers", &input.answers).unwrap_or(false);
        let emergencies = check.opt_bool("emergencies", &input.emergencies).unwrap_or(false);
        let red_flags = check.opt_bool("red_flags", &input.red_flags).unwrap_or(false);
        check.finish()?;
        Ok(NotificationChoices { requests, answers, emergencies, red_flags })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Date, Id, SleepoverReason};

    #[test]
    fn a_notice_names_no_child_and_no_household() {
        let s = Sleepover {
            id: Id::new(),
            service_id: Id::new(),
            from_household_id: Id::new(),
            from_household_name: "Okafor household".into(),
            host_household_id: Id::new(),
            host_household_name: "Hartley household".into(),
            children: vec![super::super::SleepoverChild {
                id: Id::new(),
                name: "Juniper Okafor".into(),
            }],
            first_night: Date::parse("2026-12-03").unwrap(),
            nights: 2,
            last_night: Date::parse("2026-12-04").unwrap(),
            kind: SleepoverKind::Emergency,
            short_break: false,
            status: SleepoverStatus::Requested,
            reason: SleepoverReason::Crisis,
            note: Some("Juniper needs her inhaler".into()),
            carer_on_holiday: false,
            requested_at: "2026-12-03T19:00:00Z".into(),
            answered_at: None,
            minutes_to_answer: None,
            outcome_note: None,
            override_reason: None,
            overridden: vec![],
        };
        let notice = request_notice(&s);
        let text = format!("{} {}", notice.subject, notice.body);
        assert!(text.starts_with("Emergency: Emergency sleepover request"), "{text}");
        assert!(text.contains("1 child, 2 nights from Thu 3 December 2026"), "{text}");
        for name in ["Juniper", "Okafor", "Hartley", "inhaler"] {
            assert!(!text.contains(name), "{name} in {text}");
        }
    }
}
