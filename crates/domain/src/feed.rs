//! A person's private iCalendar feed (RFC 5545): each sleepover an all-day event over its
//! nights, and each event of their constellations at its time of day in UK time. A calendar
//! app may copy it to a service outside ours, so each child is named by their first name only
//! and no household is named.

use jiff::Timestamp;

use crate::sleepovers::Sleepover;
use crate::support::Event;
use crate::{Choice, SleepoverStatus, london};

/// How long an event without an end is shown as lasting, in hours.
const EVENT_HOURS: i64 = 2;

/// The feed as text, with CRLF line endings and long lines folded. `stamp` is now, in UTC, as
/// `YYYYMMDDTHHMMSSZ`.
pub fn calendar_feed(sleepovers: &[Sleepover], events: &[Event], stamp: &str) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Constellate//Calendar//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "X-WR-CALNAME:Constellate".into(),
        "X-WR-TIMEZONE:Europe/London".into(),
    ];
    lines.extend(LONDON.iter().map(|l| l.to_string()));
    for s in sleepovers.iter().filter(|s| {
        matches!(
            s.status,
            SleepoverStatus::Requested | SleepoverStatus::Confirmed | SleepoverStatus::Completed
        )
    }) {
        let names: Vec<&str> =
            s.children.iter().filter_map(|c| c.name.split_whitespace().next()).collect();
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:sleepover-{}@constellate", s.id),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", s.first_night.basic()),
            // An all-day event ends on the morning after the last night.
            format!("DTEND;VALUE=DATE:{}", s.last_night.add_days(1).basic()),
            format!(
                "SUMMARY:{}",
                text(&format!("{}: {} ({})", s.title(), names.join(", "), s.status))
            ),
            format!(
                "STATUS:{}",
                if s.status == SleepoverStatus::Requested { "TENTATIVE" } else { "CONFIRMED" }
            ),
            "TRANSP:TRANSPARENT".into(),
            "END:VEVENT".into(),
        ]);
    }
    for e in events {
        let end = e.ends_at.unwrap_or_else(|| {
            e.starts_at
                .checked_add(jiff::SignedDuration::from_hours(EVENT_HOURS))
                .unwrap_or(e.starts_at)
        });
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:event-{}@constellate", e.id),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;TZID=Europe/London:{}", local(e.starts_at)),
            format!("DTEND;TZID=Europe/London:{}", local(end)),
            format!("SUMMARY:{}", text(&format!("{} ({})", e.title, e.kind.label()))),
        ]);
        if let Some(place) = &e.place {
            lines.push(format!("LOCATION:{}", text(place)));
        }
        lines.extend([
            format!("STATUS:{}", if e.cancelled { "CANCELLED" } else { "CONFIRMED" }),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

const LONDON: [&str; 17] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// An instant as a UK local DATE-TIME: `YYYYMMDDTHHMMSS`.
fn local(at: Timestamp) -> String {
    at.to_zoned(london()).strftime("%Y%m%dT%H%M%S").to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// One content line, folded after 75 octets without splitting a character, with its CRLF.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_and_text_is_escaped() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        assert!(folded.lines().all(|l| l.trim_end_matches('\r').len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
        assert_eq!(text("a, b; c\nd"), "a\\, b\\; c\\nd");
    }

    fn stay(names: &[&str]) -> Sleepover {
        let draft = crate::sleepovers::SleepoverDraft {
            from_household_id: crate::Id::new(),
            host_household_id: None,
            child_ids: names.iter().map(|_| crate::Id::new()).collect(),
            first_night: crate::Date::parse("2026-12-30").unwrap(),
            nights: 3,
            kind: crate::SleepoverKind::Planned,
            short_break: false,
            reason: crate::SleepoverReason::Respite,
            note: None,
            carer_on_holiday: false,
            override_reason: None,
        };
        let mut s = draft.requested(
            crate::Id::new(),
            crate::Id::new(),
            crate::Id::new(),
            Vec::new(),
            String::new(),
        );
        s.host_household_name = "Okonkwo-Hartley household".into();
        for (child, name) in s.children.iter_mut().zip(names) {
            child.name = name.to_string();
        }
        s
    }

    fn event() -> Event {
        Event {
            id: crate::Id::new(),
            service_id: crate::Id::new(),
            constellation_id: crate::Id::new(),
            constellation_name: "Larkspur".into(),
            kind: crate::EventKind::Social,
            title: "Picnic, park".into(),
            starts_at: "2027-07-01T09:00:00Z".parse().unwrap(),
            ends_at: None,
            place: None,
            note: None,
            cancelled: false,
            cancelled_reason: None,
            replies: Vec::new(),
            attendance: Vec::new(),
        }
    }

    #[test]
    fn every_component_that_begins_ends_in_order() {
        let feed = calendar_feed(&[stay(&["Tamsin Fairweather"])], &[event()], "20261123T120000Z");
        let mut open = Vec::new();
        for line in feed.split("\r\n").filter(|l| !l.starts_with(' ')) {
            if let Some(name) = line.strip_prefix("BEGIN:") {
                open.push(name);
            } else if let Some(name) = line.strip_prefix("END:") {
                assert_eq!(open.pop(), Some(name), "{feed}");
            }
        }
        assert!(open.is_empty(), "left open: {open:?}");
        assert!(feed.contains("DTSTART;VALUE=DATE:20261230\r\n"));
        assert!(feed.contains("DTEND;VALUE=DATE:20270102\r\n"), "ends the morning after");
        // 1 July is British Summer Time: 09:00 UTC is 10:00 in London; two hours by default.
        assert!(feed.contains("DTSTART;TZID=Europe/London:20270701T100000\r\n"), "{feed}");
        assert!(feed.contains("DTEND;TZID=Europe/London:20270701T120000\r\n"), "{feed}");
        assert!(feed.contains("SUMMARY:Picnic\\, park (Social activity)\r\n"), "{feed}");
    }

    #[test]
    fn children_are_named_by_first_name_and_no_household_is_named() {
        let feed = calendar_feed(&[stay(&["Tamsin Fairweather", "Ola"])], &[], "20261123T120000Z");
        let summary = feed.lines().find(|l| l.starts_with("SUMMARY:")).unwrap();
        assert_eq!(summary.trim_end(), "SUMMARY:Sleepover: Tamsin\\, Ola (Requested)");
        assert!(!feed.contains("Fairweather") && !feed.contains("Okonkwo"), "{feed}");
    }
}
