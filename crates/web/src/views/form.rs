//! A form of questions, with the GOV.UK error summary and inline messages.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{Choice, FieldError};

use super::render;

/// One question on a form.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    /// `text`, `date`, `datetime`, `month`, `number`, `select`, `radios`, `checkboxes`,
    /// `checkbox`, `textarea` or `hidden`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(String, String)>,
    pub error: Option<String>,
    pub required: bool,
    pub max: usize,
    /// The browser's autofill hint, such as `current-password`.
    pub autocomplete: Option<&'static str>,
    /// What an error message calls the field, where its label is a question: "The answer".
    pub called: Option<&'static str>,
}

impl Field {
    fn new(
        name: &'static str,
        label: &'static str,
        kind: &'static str,
        value: &Option<String>,
    ) -> Self {
        Field {
            name,
            label,
            hint: None,
            kind,
            value: value.clone().unwrap_or_default(),
            options: Vec::new(),
            error: None,
            required: true,
            max: 0,
            autocomplete: None,
            called: None,
        }
    }

    pub fn text(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
        max: usize,
    ) -> Self {
        Field { max, ..Field::new(name, label, "text", value) }
    }

    pub fn textarea(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
        max: usize,
    ) -> Self {
        Field { max, ..Field::new(name, label, "textarea", value) }
    }

    pub fn date(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        Field::new(name, label, "date", value).hint("For example, 2026-03-27")
    }

    /// A day and a time of day, UK time.
    pub fn datetime(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        Field::new(name, label, "datetime", value).hint("For example, 2026-11-23 19:30")
    }

    pub fn month(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        Field::new(name, label, "month", value).hint("Year and month, for example 2015-04")
    }

    pub fn number(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        Field::new(name, label, "number", value)
    }

    pub fn email(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        Field {
            max: 254,
            autocomplete: Some("username"),
            ..Field::new(name, label, "email", value)
        }
    }

    /// A password: never filled in again from what was sent.
    pub fn password(name: &'static str, label: &'static str, autocomplete: &'static str) -> Self {
        Field {
            max: 256,
            autocomplete: Some(autocomplete),
            ..Field::new(name, label, "password", &None)
        }
    }

    pub fn hidden(name: &'static str, value: &Option<String>) -> Self {
        Field::new(name, name, "hidden", value)
    }

    /// A choice from a closed list of words.
    pub fn choice<T: Choice>(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
    ) -> Self {
        let options =
            T::ALL.iter().map(|c| (c.as_str().to_string(), c.label().to_string())).collect();
        Field::select(name, label, value, options)
    }

    pub fn select(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
        choices: Vec<(String, String)>,
    ) -> Self {
        let mut options = vec![(String::new(), "Choose…".to_string())];
        options.extend(choices);
        Field { options, ..Field::new(name, label, "select", value) }
    }

    /// One of a short closed list, each a button to tap.
    pub fn radios<T: Choice>(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
    ) -> Self {
        let options =
            T::ALL.iter().map(|c| (c.as_str().to_string(), c.label().to_string())).collect();
        Field { options, ..Field::new(name, label, "radios", value) }
    }

    /// Yes or no, each a button to tap.
    pub fn yes_no(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        let options = vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())];
        Field { options, ..Field::new(name, label, "radios", value) }
    }

    /// Boxes to tick, any number of them; the value is the ticked words joined with commas.
    pub fn checkboxes(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
        options: Vec<(String, String)>,
    ) -> Self {
        Field { options, ..Field::new(name, label, "checkboxes", value) }
    }

    /// One box to tick for yes.
    pub fn checkbox(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        let ticked = value.as_deref().is_some_and(|v| matches!(v, "on" | "yes" | "true" | "1"));
        Field {
            options: vec![("yes".into(), label.into())],
            ..Field::new(name, label, "checkbox", &ticked.then(|| "yes".to_string()))
        }
        .optional()
    }

    /// Whether a box's word is among the ticked ones.
    pub fn is_ticked(&self, word: &str) -> bool {
        self.value.split(',').any(|v| v.trim() == word)
    }

    /// A select that filters a list: its empty choice reads as `any`, such as "Any household".
    pub fn any(mut self, any: &str) -> Self {
        if let Some(first) = self.options.first_mut().filter(|o| o.0.is_empty()) {
            first.1 = any.to_string();
        }
        self.optional()
    }

    /// Names the field in error messages, for a label that is a question.
    pub fn called(mut self, called: &'static str) -> Self {
        self.called = Some(called);
        self
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn input_type(&self) -> &'static str {
        match self.kind {
            "number" => "text",
            "month" => "text",
            "date" => "date",
            "datetime" => "datetime-local",
            "radios" => "radio",
            "checkboxes" | "checkbox" => "checkbox",
            other => other,
        }
    }

    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub title: String,
    pub section: &'static str,
    pub caption: Option<String>,
    pub intro: Option<String>,
    pub action: String,
    pub submit: &'static str,
    pub cancel: String,
    pub fields: Vec<Field>,
    /// The error summary: field name (the anchor) and message.
    pub errors: Vec<(String, String)>,
}

impl FormPage {
    pub fn new(
        title: impl Into<String>,
        section: &'static str,
        action: String,
        cancel: String,
    ) -> Self {
        FormPage {
            title: title.into(),
            section,
            caption: None,
            intro: None,
            action,
            submit: "Save",
            cancel,
            fields: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn fields(mut self, fields: Vec<Field>) -> Self {
        self.fields = fields;
        self
    }

    /// Marks each field with its error and lists them all at the top, in the form's order. An
    /// error about a field the form does not show is a whole sentence of its own, listed at the
    /// top only, first: no field the person can change is marked wrong for it.
    pub fn with_errors(mut self, errors: &[FieldError]) -> Self {
        for error in errors {
            let Some(index) = self.shown(&error.field) else {
                self.errors.push((String::new(), error.message.clone()));
                continue;
            };
            let field = &mut self.fields[index];
            let message = format!("{} {}", field.called.unwrap_or(field.label), error.message);
            if field.error.is_none() {
                field.error = Some(message.clone());
            }
            self.errors.push((field.name.to_string(), message));
        }
        let order: Vec<&str> = self.fields.iter().map(|f| f.name).collect();
        self.errors.sort_by_key(|(name, _)| order.iter().position(|n| n == name));
        self
    }

    /// Shows one message as it stands, at a field and in the summary, where a sentence about
    /// the whole form reads better than one that starts with the field's label; about a field the
    /// form does not show, in the summary only.
    pub fn with_message(mut self, field: &str, message: String) -> Self {
        let name = match self.shown(field) {
            Some(i) => {
                self.fields[i].error = Some(message.clone());
                self.fields[i].name.to_string()
            }
            None => String::new(),
        };
        self.errors.push((name, message));
        self
    }

    /// Where the field `name` is among those the form shows, if it is.
    fn shown(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name && f.kind != "hidden")
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The page, answered 422 when it shows errors.
    pub fn respond(self) -> Response {
        let status =
            if self.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
        (status, render(&self)).into_response()
    }
}
