//! New passwords, as the NCSC advises: long enough, no composition rules, and not a common one.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::Error;

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 12;
/// The most characters a password may have, so hashing stays bounded.
pub const MAX_CHARS: usize = 256;

fn common() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| include_str!("../../data/common-passwords.txt").lines().collect())
}

/// Whether a password is a common one, or a common one with digits and symbols added to its end.
pub fn is_common(password: &str) -> bool {
    let lower = password.trim().to_lowercase();
    let base = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    common().contains(lower.as_str()) || (base.chars().count() >= 4 && common().contains(base))
}

/// A password a person chose, checked before it is hashed. `field` names the form field.
pub fn check_new(field: &str, password: &str) -> Result<(), Error> {
    let chars = password.chars().count();
    let problem = if chars < MIN_CHARS {
        Some(format!(
            "must be at least {MIN_CHARS} characters; a few words together make a strong one"
        ))
    } else if chars > MAX_CHARS {
        Some(format!("must be {MAX_CHARS} characters or fewer"))
    } else if is_common(password) {
        Some("is too common and easy to guess; choose another, such as three or four unrelated words".into())
    } else {
        None
    };
    match problem {
        Some(message) => Err(Error::field(field, message)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_uncommon_password_is_accepted_without_composition_rules() {
        assert!(check_new("password", "lantern orchard pebble").is_ok());
        assert!(check_new("password", "alllowercaseletters").is_ok());
    }

    #[test]
    fn a_short_password_is_refused_with_the_length() {
        let error = check_new("password", "short pass").unwrap_err();
        assert!(error.fields()[0].message.contains("at least 12"), "{error:?}");
    }

    #[test]
    fn common_passwords_are_refused_even_with_digits_added() {
        for common in
            ["qwertyuiop123", "Password1234", "1qaz2wsx3edc", "letmein12345!", "FOOTBALL2024"]
        {
            assert!(check_new("password", common).is_err(), "{common} was accepted");
        }
    }

    #[test]
    fn the_list_is_shipped_and_loaded() {
        assert!(common().len() > 40_000);
        assert!(is_common("password"));
        assert!(!is_common("lantern orchard pebble"));
    }
}
