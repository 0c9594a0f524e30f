//! Writing CSV as spreadsheets read it: a field quoted when it holds a comma, a quote or a line
//! break, and a field a spreadsheet would take for a formula made plain text.

/// One field.
pub fn field(value: &str) -> String {
    // `=`, `+`, `-` and `@` start a formula in a spreadsheet: a name must never run as one.
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One line, with its line break.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut text = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    text.push_str("\r\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_are_made_plain() {
        assert_eq!(field("Northfield"), "Northfield");
        assert_eq!(field("Hughes, Ava"), "\"Hughes, Ava\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-3"), "-3", "a negative number stays a number");
        assert_eq!(line(&["a", "b,c"]), "a,\"b,c\"\r\n");
    }
}
