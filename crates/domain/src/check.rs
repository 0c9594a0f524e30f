//! Reading raw input (form fields, JSON values) into the model's types, one field at a time,
//! collecting every error so a person sees them all at once.

use serde::{Deserialize, Deserializer};

use crate::{Choice, Date, DateRange, Error, FieldError, Id, Postcode, ssda903};

/// A required `reason` of at most [`caps::SHORT`] characters; `so` says who reads it and why.
///
/// [`caps::SHORT`]: crate::registry::caps::SHORT
pub fn reason(raw: &str, so: &str) -> Result<String, Error> {
    let reason = raw.trim();
    let max = crate::registry::caps::SHORT;
    if reason.is_empty() || reason.chars().count() > max {
        return Err(Error::field(
            "reason",
            format!("is required: say why, in {max} characters or fewer, {so}"),
        ));
    }
    Ok(reason.to_string())
}

/// Collects field errors while a draft is read. Each reader returns a usable value even on error
/// (a default), so reading carries on; [`Check::finish`] then refuses the draft if anything failed.
#[derive(Debug, Default)]
pub struct Check {
    errors: Vec<FieldError>,
}

type Raw<'a> = &'a Option<String>;

fn present(raw: Raw<'_>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Check {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        if !self.errors.iter().any(|e| e.field == field) {
            self.errors.push(FieldError::new(field, message));
        }
    }

    pub fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// Refuses the draft if any field failed.
    pub fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() { Ok(()) } else { Err(Error::Invalid(self.errors)) }
    }

    /// A required text of at most `max` characters.
    pub fn text(&mut self, field: &str, raw: Raw<'_>, max: usize) -> String {
        match self.opt_text(field, raw, max) {
            Some(text) => text,
            None => {
                self.push(field, "is required");
                String::new()
            }
        }
    }

    /// An optional text of at most `max` characters; blank is none.
    pub fn opt_text(&mut self, field: &str, raw: Raw<'_>, max: usize) -> Option<String> {
        let text = present(raw)?;
        if text.chars().count() > max {
            self.push(field, format!("must be {max} characters or fewer"));
            return None;
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.push(field, "must not contain control characters");
            return None;
        }
        Some(text.to_string())
    }

    pub fn date(&mut self, field: &str, raw: Raw<'_>) -> Date {
        match present(raw) {
            Some(_) => self.opt_date(field, raw).unwrap_or_default(),
            None => {
                self.push(field, "is required");
                Date::default()
            }
        }
    }

    pub fn opt_date(&mut self, field: &str, raw: Raw<'_>) -> Option<Date> {
        let text = present(raw)?;
        Date::parse(text).map_err(|message| self.push(field, message)).ok()
    }

    /// A start and an optional end that is not earlier than the start.
    pub fn range(
        &mut self,
        from_field: &str,
        from: Raw<'_>,
        to_field: &str,
        to: Raw<'_>,
    ) -> DateRange {
        let start = self.date(from_field, from);
        let end = self.opt_date(to_field, to);
        if self.has_error(from_field) {
            return DateRange { from: start, to: end };
        }
        DateRange::new(start, end).unwrap_or_else(|message| {
            self.push(to_field, message);
            DateRange { from: start, to: None }
        })
    }

    pub fn choice<T: Choice + Default>(&mut self, field: &str, raw: Raw<'_>) -> T {
        match present(raw) {
            Some(_) => self.opt_choice(field, raw).unwrap_or_default(),
            None => {
                self.push(field, format!("is required: choose {}", T::spoken()));
                T::default()
            }
        }
    }

    pub fn opt_choice<T: Choice>(&mut self, field: &str, raw: Raw<'_>) -> Option<T> {
        let text = present(raw)?;
        let parsed = T::parse(text);
        if parsed.is_none() {
            self.push(field, format!("must be one of {}", T::words()));
        }
        parsed
    }

    /// A whole number in `min..=max`; blank takes `default` when there is one.
    pub fn int(
        &mut self,
        field: &str,
        raw: Raw<'_>,
        min: i64,
        max: i64,
        default: Option<i64>,
    ) -> i64 {
        let Some(text) = present(raw) else {
            return default.unwrap_or_else(|| {
                self.push(field, "is required");
                min
            });
        };
        match text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => n,
            Ok(_) => {
                self.push(field, format!("must be between {min} and {max}"));
                min
            }
            Err(_) => {
                self.push(field, "must be a whole number");
                min
            }
        }
    }

    /// An optional instant: UK wall-clock time (what a phone's date-and-time box sends, as
    /// `2026-11-23T19:30`) or an RFC 3339 instant; blank is none.
    pub fn opt_instant(&mut self, field: &str, raw: Raw<'_>) -> Option<jiff::Timestamp> {
        let text = present(raw)?;
        let parsed = text.parse::<jiff::Timestamp>().ok().or_else(|| {
            let local = text.parse::<jiff::civil::DateTime>().ok()?;
            local.to_zoned(crate::london()).ok().map(|z| z.timestamp())
        });
        if parsed.is_none() {
            self.push(field, "must be a date and time, like 2026-11-23T19:30");
        }
        parsed
    }

    pub fn id(&mut self, field: &str, raw: Raw<'_>) -> Id {
        match present(raw) {
            Some(_) => self.opt_id(field, raw).unwrap_or_default(),
            None => {
                self.push(field, "is required");
                Id::default()
            }
        }
    }

    /// A list of ids, each once, `1..=most` of them; `missing` says what to choose when none is.
    pub fn ids(&mut self, field: &str, raw: &[String], most: usize, missing: &str) -> Vec<Id> {
        let mut ids = Vec::new();
        for text in raw.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            match text.parse::<Id>() {
                Ok(id) if !ids.contains(&id) => ids.push(id),
                Ok(_) => {}
                Err(_) => self.push(field, "must each be the id of a record"),
            }
        }
        if ids.is_empty() {
            self.push(field, missing);
        }
        if ids.len() > most {
            self.push(field, format!("must be at most {most}"));
        }
        ids
    }

    pub fn opt_id(&mut self, field: &str, raw: Raw<'_>) -> Option<Id> {
        let text = present(raw)?;
        text.parse::<Id>().map_err(|_| self.push(field, "must be the id of a record")).ok()
    }

    pub fn postcode(&mut self, field: &str, raw: Raw<'_>) -> Postcode {
        let Some(text) = present(raw) else {
            self.push(field, "is required");
            return Postcode::default();
        };
        Postcode::parse(text).unwrap_or_else(|message| {
            self.push(field, message);
            Postcode::default()
        })
    }

    pub fn opt_code(
        &mut self,
        field: &str,
        list: &'static [ssda903::Code],
        raw: Raw<'_>,
    ) -> Option<&'static str> {
        let text = present(raw)?;
        ssda903::check(list, text).map_err(|message| self.push(field, message)).ok()
    }

    pub fn code(
        &mut self,
        field: &str,
        list: &'static [ssda903::Code],
        raw: Raw<'_>,
    ) -> &'static str {
        if present(raw).is_none() {
            self.push(field, "is required");
            return "";
        }
        self.opt_code(field, list, raw).unwrap_or("")
    }

    /// `true`/`false`, `yes`/`no`, `on` (a ticked checkbox) or blank.
    pub fn opt_bool(&mut self, field: &str, raw: Raw<'_>) -> Option<bool> {
        match present(raw)?.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Some(true),
            "false" | "no" | "off" | "0" => Some(false),
            _ => {
                self.push(field, "must be yes or no");
                None
            }
        }
    }
}

/// Reads a JSON or form value that should be text, a number or a boolean into text, so that one
/// input type serves both the HTML forms and the API. Objects and arrays are refused.
pub fn loose<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Option::<Loose>::deserialize(deserializer).map(|value| value.map(|v| v.0))
}

/// Reads a list of ids: a JSON array, or text with commas between (as a form sends ticked
/// boxes once joined).
pub fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Many {
        Items(Vec<Loose>),
        One(Loose),
    }
    Ok(Option::<Many>::deserialize(deserializer)?.map(|many| match many {
        Many::Items(items) => items.into_iter().map(|i| i.0).collect(),
        Many::One(one) => one.0.split(',').map(str::to_string).collect(),
    }))
}

/// A scalar read as text; see [`loose`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loose(pub String);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Loose;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("text, a number or true/false")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Loose, E> {
                Ok(Loose(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Loose, E> {
                Ok(Loose(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    #[test]
    fn every_failing_field_is_reported_once_with_its_name() {
        let mut check = Check::new();
        check.text("name", &None, 10);
        check.text("region", &s("a very long region name"), 10);
        check.int("places", &s("two"), 0, 10, None);
        check.range("from", &s("2026-05-02"), "to", &s("2026-05-01"));
        let errors = check.finish().unwrap_err();
        let fields: Vec<&str> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "region", "places", "to"]);
        assert!(errors.fields()[1].message.contains("10 characters"));
        assert!(errors.fields()[3].message.contains("earlier than the start date"));
    }

    #[test]
    fn blanks_are_missing_and_control_characters_are_refused() {
        let mut check = Check::new();
        assert_eq!(check.opt_text("note", &s("   "), 10), None);
        assert_eq!(check.opt_text("note", &s("a\u{0}b"), 10), None);
        assert!(check.has_error("note"));
        assert_eq!(check.int("beds", &None, 0, 9, Some(2)), 2);
    }

    #[test]
    fn a_choice_names_the_valid_words() {
        let mut check = Check::new();
        let kind: crate::ServiceKind = check.choice("kind", &s("council"));
        assert_eq!(kind, crate::ServiceKind::default());
        let errors = check.finish().unwrap_err();
        let message = &errors.fields()[0].message;
        assert!(message.contains("local_authority, trust, ifa, other"), "{message}");
    }

    #[test]
    fn loose_values_read_numbers_and_text_but_not_objects() {
        #[derive(Deserialize)]
        struct Input {
            #[serde(default, deserialize_with = "loose")]
            places: Option<String>,
        }
        let read = |json: &str| serde_json::from_str::<Input>(json).map(|i| i.places);
        assert_eq!(read(r#"{"places": 3}"#).unwrap(), s("3"));
        assert_eq!(read(r#"{"places": "3"}"#).unwrap(), s("3"));
        assert_eq!(read(r#"{"places": null}"#).unwrap(), None);
        assert_eq!(read(r#"{}"#).unwrap(), None);
        assert!(read(r#"{"places": {"a": 1}}"#).is_err());
    }
}
