//! Reads back an XLSX download: each sheet's name and cells, with whether each cell was stored
//! as text or as a number, and its style (a day is a number with a date style).

use std::io::{Cursor, Read};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// The number, and the index of its style (0 for none).
    Number(f64, u32),
}

pub struct Workbook {
    pub sheets: Vec<(String, Vec<Vec<Option<Value>>>)>,
}

fn entry(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> String {
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the workbook"))
        .read_to_string(&mut text)
        .expect("read");
    text
}

/// The text between each `<tag…>` and `</tag>`, with the opening tag's attributes.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if !after.starts_with([' ', '>', '/']) {
            rest = after;
            continue;
        }
        let end = after.find('>').expect("tag ends");
        let attributes = &after[..end];
        if attributes.ends_with('/') {
            found.push((attributes, ""));
            rest = &after[end..];
            continue;
        }
        let inner = &after[end + 1..];
        let stop = inner.find(&close).expect("element closes");
        found.push((attributes, &inner[..stop]));
        rest = &inner[stop..];
    }
    found
}

fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = attributes.find(&key)? + key.len();
    attributes[at..].split('"').next()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The column of a cell reference such as `C12`, from 0.
fn column(reference: &str) -> usize {
    reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
        - 1
}

impl Workbook {
    pub fn read(bytes: &[u8]) -> Workbook {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX file is a zip");
        let has_text = archive.index_for_name("xl/sharedStrings.xml").is_some();
        let shared: Vec<String> = if has_text {
            let xml = entry(&mut archive, "xl/sharedStrings.xml");
            let text = |si: &str| unescape(elements(si, "t").first().map_or("", |t| t.1));
            elements(&xml, "si").iter().map(|(_, si)| text(si)).collect()
        } else {
            Vec::new()
        };
        let names: Vec<String> = elements(&entry(&mut archive, "xl/workbook.xml"), "sheet")
            .iter()
            .map(|(a, _)| unescape(attribute(a, "name").expect("a sheet's name")))
            .collect();
        let mut sheets = Vec::new();
        for (n, name) in names.into_iter().enumerate() {
            let xml = entry(&mut archive, &format!("xl/worksheets/sheet{}.xml", n + 1));
            let mut rows = Vec::new();
            for (_, row) in elements(&xml, "row") {
                let mut cells: Vec<Option<Value>> = Vec::new();
                for (a, inner) in elements(row, "c") {
                    let col = column(attribute(a, "r").expect("a cell's reference"));
                    cells.resize(cells.len().max(col + 1), None);
                    let raw = elements(inner, "v").first().map_or("", |v| v.1).to_string();
                    cells[col] = Some(match attribute(a, "t") {
                        Some("s") => {
                            Value::Text(shared[raw.parse::<usize>().expect("index")].clone())
                        }
                        Some(other) => panic!("a cell stored as {other}"),
                        None => Value::Number(
                            raw.parse().expect("a number"),
                            attribute(a, "s").map_or(0, |s| s.parse().expect("style")),
                        ),
                    });
                }
                rows.push(cells);
            }
            sheets.push((name, rows));
        }
        Workbook { sheets }
    }

    pub fn names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _)| n.as_str()).collect()
    }

    pub fn sheet(&self, name: &str) -> &[Vec<Option<Value>>] {
        &self.sheets.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name}")).1
    }

    /// The cell under the heading `column` in the row whose cell in column `by` reads `key`.
    pub fn lookup(&self, sheet: &str, by: usize, key: &str, column: &str) -> Option<Value> {
        let rows = self.sheet(sheet);
        let heading = Some(Value::Text(column.into()));
        let col = rows[0]
            .iter()
            .position(|h| *h == heading)
            .unwrap_or_else(|| panic!("no column {column}"));
        let key = Some(Value::Text(key.into()));
        let row = rows.iter().find(|r| r.get(by) == Some(&key))?;
        row.get(col).cloned().flatten()
    }
}

/// The day as a spreadsheet stores it: days since 30 December 1899.
pub fn serial(day: domain::Date) -> f64 {
    let start = domain::Date::from_ymd(1899, 12, 30).expect("date");
    f64::from(start.days_until(day))
}
