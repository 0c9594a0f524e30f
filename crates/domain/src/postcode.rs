use std::fmt;

/// A UK postcode, upper-cased with one space before the inward code (`SW1A 1AA`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Postcode(String);

impl Postcode {
    /// Normalises spacing and case, then checks the shape of a UK postcode.
    pub fn parse(text: &str) -> Result<Self, String> {
        let compact: String =
            text.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
        let bad = || "must be a UK postcode, like SW1A 1AA".to_string();
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(bad());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        if !inward_ok || !outward_ok(outward) {
            return Err(bad());
        }
        Ok(Postcode(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Outward codes: A9, A99, AA9, AA99, A9A, AA9A.
fn outward_ok(outward: &str) -> bool {
    let shape: String = outward
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_alphabetic() {
                'A'
            } else {
                '?'
            }
        })
        .collect();
    matches!(shape.as_str(), "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A")
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_normalised_to_upper_case_with_one_space() {
        assert_eq!(Postcode::parse("sw1a1aa").unwrap().as_str(), "SW1A 1AA");
        assert_eq!(Postcode::parse("  m1   1ae ").unwrap().as_str(), "M1 1AE");
        assert_eq!(Postcode::parse("B33 8TH").unwrap().as_str(), "B33 8TH");
        assert_eq!(Postcode::parse("cr26xh").unwrap().as_str(), "CR2 6XH");
        assert_eq!(Postcode::parse("DN55 1PT").unwrap().as_str(), "DN55 1PT");
    }

    #[test]
    fn things_that_are_not_postcodes_are_refused() {
        for bad in ["", "SW1A", "12345", "SW1A 1A1", "SW1A-1AA", "ÅB1 1AA", "SW1A 1AAA"] {
            assert!(Postcode::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
