//! One record: a summary of its answers, then sections of related records.

use askama::Template;

use super::{Link, Table};

pub struct Section {
    pub title: String,
    pub table: Table,
    pub actions: Vec<Link>,
}

#[derive(Template)]
#[template(path = "detail.html")]
pub struct DetailPage {
    pub title: String,
    pub section: &'static str,
    pub caption: Option<String>,
    pub notice: Option<String>,
    /// Something waiting that must not be missed, such as an emergency request: shown first.
    pub urgent: Option<Link>,
    pub summary: Vec<(String, String)>,
    /// A chart drawn as SVG by [`super::chart`], shown after the summary; a section gives
    /// its figures as a table.
    pub chart: Option<String>,
    pub actions: Vec<Link>,
    /// Actions that change something, sent as a form (`POST` to the link's address).
    pub buttons: Vec<Link>,
    pub sections: Vec<Section>,
}

impl DetailPage {
    pub fn new(title: impl Into<String>, section: &'static str, caption: &str) -> Self {
        DetailPage {
            title: title.into(),
            section,
            caption: Some(caption.to_string()),
            notice: None,
            urgent: None,
            summary: Vec::new(),
            chart: None,
            actions: Vec::new(),
            buttons: Vec::new(),
            sections: Vec::new(),
        }
    }

    pub fn row(&mut self, key: &str, value: impl ToString) {
        self.summary.push((key.to_string(), value.to_string()));
    }

    /// Leaves out every action when the person may not take them.
    pub fn read_only_unless(&mut self, allowed: bool) {
        if !allowed {
            self.actions.clear();
            self.buttons.clear();
            for section in &mut self.sections {
                section.actions.clear();
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        false
    }
}
