//! Files to download: CSV as text, and a workbook written as XLSX, where numbers are stored as
//! numbers and days as days.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::sheet::{Cell, Sheet};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::AppError;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn attachment(content_type: &str, name: &str, body: impl IntoResponse) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// A CSV download named `name`.csv.
pub fn csv(name: &str, text: String) -> Response {
    attachment("text/csv; charset=utf-8", &format!("{name}.csv"), text)
}

/// A workbook download named `name`.xlsx.
pub fn xlsx(name: &str, sheets: &[Sheet]) -> Result<Response, AppError> {
    let bytes = workbook(sheets).map_err(|e| AppError::Unexpected(e.to_string()))?;
    Ok(attachment(XLSX, &format!("{name}.xlsx"), bytes))
}

/// The sheets written as an XLSX file: a bold header row that stays in view, numbers as
/// numbers, days as dates shown day, month and year.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("d mmm yyyy");
    for sheet in sheets {
        let page = book.add_worksheet();
        page.set_name(&sheet.name)?;
        for (col, title) in sheet.header.iter().enumerate() {
            let col = col as u16;
            page.write_string_with_format(0, col, title, &bold)?;
            page.set_column_width(col, (title.chars().count() as f64 + 2.0).clamp(10.0, 40.0))?;
        }
        page.set_freeze_panes(1, 0)?;
        for (row, cells) in sheet.rows.iter().enumerate() {
            let row = row as u32 + 1;
            for (col, cell) in cells.iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Text(text) => page.write_string(row, col, text)?,
                    Cell::Number(value) => page.write_number(row, col, *value)?,
                    Cell::Day(d) => {
                        let (y, m, dd) = d.ymd();
                        let at = ExcelDateTime::from_ymd(y as u16, m as u8, dd as u8)?;
                        page.write_date_with_format(row, col, &at, &day)?
                    }
                    Cell::Empty => page,
                };
            }
        }
    }
    book.save_to_buffer()
}
