//! A return and a roll-up written out for a spreadsheet: as CSV, one figure a line, and as a
//! workbook with a sheet for each breakdown.

use super::{Column, MonthlyReturn, Rollup, Section};
use crate::sheet::{Cell, Sheet};
use crate::{Choice, Date};

impl Section {
    /// The name of its sheet in a workbook: short, as a spreadsheet's tabs allow.
    pub fn sheet_name(self) -> &'static str {
        match self {
            Section::Homes => "Homes and people",
            Section::Activities => "Activities",
            Section::Sleepovers => "Sleepovers",
            Section::Outcomes => "Concerns",
            Section::Carers => "Carers",
            Section::Survey => "Survey",
        }
    }
}

impl MonthlyReturn {
    /// The figures as CSV, one a line: service, month, section, key, figure, value (empty where
    /// there is nothing to measure).
    pub fn csv(&self) -> String {
        let mut text = crate::csv::line(&["service", "month", "section", "key", "figure", "value"]);
        let month = self.month.to_string();
        for f in &self.figures {
            let value = f.value.map(|v| v.to_string()).unwrap_or_default();
            text.push_str(&crate::csv::line(&[
                self.service_name.as_str(),
                &month,
                f.section.label(),
                &f.key,
                &f.label,
                &value,
            ]));
        }
        text
    }

    /// A workbook: the return and its versions, then a sheet for each section of figures.
    pub fn workbook(&self) -> Vec<Sheet> {
        let mut about = Sheet::new("Return", &["Service", "Month", "Status", "Versions sent"]);
        about.row(vec![
            self.service_name.as_str().into(),
            self.month.first_day().into(),
            self.status.label().into(),
            (self.versions.len() as i64).into(),
        ]);
        let mut versions = Sheet::new(
            "Versions",
            &["Version", "Status", "Submitted on", "Submitted by", "Comment"],
        );
        for v in &self.versions {
            versions.row(vec![
                v.version.into(),
                v.status.label().into(),
                Date::of(v.submitted_at).into(),
                v.submitted_by.as_str().into(),
                v.comment.clone().map_or(Cell::Empty, Cell::Text),
            ]);
        }
        let mut sheets = vec![about, versions];
        for section in Section::ALL {
            let mut sheet = Sheet::new(section.sheet_name(), &["Figure", "Key", "Value"]);
            for f in self.figures.iter().filter(|f| f.section == *section) {
                sheet.row(vec![f.label.as_str().into(), f.key.as_str().into(), f.value.into()]);
            }
            if !sheet.rows.is_empty() {
                sheets.push(sheet);
            }
        }
        sheets
    }
}

impl Rollup {
    /// The national column, then each region's, then each service's, with its level.
    fn levels(&self) -> impl Iterator<Item = (&'static str, &Column)> {
        std::iter::once(("england", &self.national))
            .chain(self.regions.iter().map(|c| ("region", c)))
            .chain(self.services.iter().map(|c| ("service", c)))
    }

    /// Every column's figures as CSV, one a line: period, level (`england`, `region`,
    /// `service`), name, section, key, figure, value; a withheld count reads `fewer than 5`.
    pub fn csv(&self) -> String {
        let mut text =
            crate::csv::line(&["period", "level", "name", "section", "key", "figure", "value"]);
        for (level, column) in self.levels() {
            for l in &column.lines {
                let value = l.written("");
                text.push_str(&crate::csv::line(&[
                    self.period.as_str(),
                    level,
                    &column.name,
                    l.section.label(),
                    &l.key,
                    &l.label,
                    &value,
                ]));
            }
        }
        text
    }

    /// A workbook: the period, the census figures, then a sheet for each section with a row
    /// for the country, each region and each service, and a column for each figure. A withheld
    /// count reads `fewer than 5`.
    pub fn workbook(&self) -> Vec<Sheet> {
        let mut about = Sheet::new("Roll-up", &["Period", "From", "To", "Returns"]);
        about.row(vec![
            self.label.as_str().into(),
            self.from.into(),
            self.to.into(),
            self.national.returns.into(),
        ]);
        let mut census = Sheet::new(
            "Census",
            &[
                "Level",
                "Name",
                "Returns",
                "Homes",
                "Adults",
                "Children",
                "Satellites per constellation",
                "Children in mainstream fostering (%)",
                "Sons and daughters of carers (%)",
            ],
        );
        for (level, c) in self.levels() {
            census.row(vec![
                level.into(),
                c.name.as_str().into(),
                c.returns.into(),
                c.census.homes.into(),
                c.census.adults.into(),
                c.census.children.into(),
                c.census.satellites_per_constellation.into(),
                c.census.mainstream_percent.into(),
                c.census.sons_and_daughters_percent.into(),
            ]);
        }
        let mut sheets = vec![about, census];
        for section in Section::ALL {
            let figures: Vec<_> =
                self.national.lines.iter().filter(|l| l.section == *section).collect();
            if figures.is_empty() {
                continue;
            }
            let mut header = vec!["Level", "Name", "Returns"];
            header.extend(figures.iter().map(|l| l.label.as_str()));
            let mut sheet = Sheet::new(section.sheet_name(), &header);
            for (level, c) in self.levels() {
                let mut row: Vec<Cell> =
                    vec![level.into(), c.name.as_str().into(), c.returns.into()];
                for figure in &figures {
                    row.push(match c.lines.iter().find(|l| l.key == figure.key) {
                        Some(l) if l.fewer_than_five => l.written("").into(),
                        Some(l) => l.value.into(),
                        None => Cell::Empty,
                    });
                }
                sheet.row(row);
            }
            sheets.push(sheet);
        }
        sheets
    }
}
