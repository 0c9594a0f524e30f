//! The DfE SSDA903 (children looked after) code lists that placements use (DESIGN §7).

/// A code from one of the published lists, with its meaning.
pub struct Code {
    pub code: &'static str,
    pub meaning: &'static str,
}

const fn c(code: &'static str, meaning: &'static str) -> Code {
    Code { code, meaning }
}

/// `PLACE`: the placement type.
pub const PLACE: &[Code] = &[
    c("A3", "Placed for adoption with parental consent, with current foster carer"),
    c("A4", "Placed for adoption with parental consent, not with current foster carer"),
    c("A5", "Placed for adoption with placement order, with current foster carer"),
    c("A6", "Placed for adoption with placement order, not with current foster carer"),
    c("H5", "Semi-independent living accommodation not subject to children's homes regulations"),
    c("K1", "Secure children's home"),
    c("K2", "Children's home"),
    c("P1", "Placed with own parent or other person with parental responsibility"),
    c("P2", "Independent living"),
    c("P3", "Residential employment"),
    c("R1", "Residential care home"),
    c("R2", "NHS or health trust establishment"),
    c("R3", "Family centre or mother and baby unit"),
    c("R5", "Young offender institution or prison"),
    c(
        "S1",
        "All residential schools, except where dual-registered as a school and children's home",
    ),
    c("T0", "Temporary move of less than 7 days"),
    c("T1", "Temporary periods in hospital"),
    c("T2", "Temporary absences of the child on holiday"),
    c("T3", "Temporary accommodation whilst normal foster carer is on holiday"),
    c("T4", "Temporary accommodation of seven days or less, for any other reason"),
    c("U1", "Foster placement with relative or friend, long-term fostering"),
    c("U2", "Foster placement with relative or friend who is also an approved adopter"),
    c("U3", "Foster placement with relative or friend, not long-term or fostering for adoption"),
    c("U4", "Foster placement with other foster carer, long-term fostering"),
    c("U5", "Foster placement with other foster carer who is also an approved adopter"),
    c("U6", "Foster placement with other foster carer, not long-term or fostering for adoption"),
    c("Z1", "Other placements"),
];

/// `REASON_PLACE_CHANGE`: why a placement ended.
pub const REASON_PLACE_CHANGE: &[Code] = &[
    c("CARPL", "Change to the care plan"),
    c("CLOSE", "Resignation or closure of provision"),
    c("ALLEG", "Allegation against the carer"),
    c("STAND", "Standards of care concern"),
    c("APPRR", "Approval removed"),
    c("CREQB", "Carer requests the placement end because of the child's behaviour"),
    c("CREQO", "Carer requests the placement end for another reason"),
    c("CHILD", "Child requests the placement end"),
    c("LAREQ", "Responsible authority requests the placement end"),
    c("PLACE", "Change in the status of the placement only"),
    c("CUSTOD", "Child arrested and sent to custody"),
    c("OTHER", "Other"),
];

/// The temporary placement type a sleepover is reported as: `T3` while the usual carer is on
/// holiday, otherwise `T4`.
pub fn temporary_place(usual_carer_on_holiday: bool) -> &'static str {
    if usual_carer_on_holiday { "T3" } else { "T4" }
}

/// Checks a code against a list, upper-casing it; the error names every valid code.
pub fn check(list: &'static [Code], text: &str) -> Result<&'static str, String> {
    let wanted = text.trim().to_ascii_uppercase();
    list.iter().find(|c| c.code == wanted).map(|c| c.code).ok_or_else(|| {
        let valid: Vec<&str> = list.iter().map(|c| c.code).collect();
        format!("must be one of the SSDA903 codes: {}", valid.join(", "))
    })
}

/// Whether a `PLACE` code is one of the foster placements (`U1`–`U6`).
pub fn is_foster_placement(place: &str) -> bool {
    place.starts_with('U')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_are_accepted_in_any_case() {
        assert_eq!(check(PLACE, "u4"), Ok("U4"));
        assert_eq!(check(REASON_PLACE_CHANGE, " carpl "), Ok("CARPL"));
    }

    #[test]
    fn an_unknown_code_is_refused_and_the_message_names_the_valid_codes() {
        let message = check(PLACE, "U9").unwrap_err();
        assert!(message.contains("U1, U2, U3, U4, U5, U6"), "{message}");
        let message = check(REASON_PLACE_CHANGE, "BORED").unwrap_err();
        assert!(message.contains("CARPL") && message.contains("CUSTOD"), "{message}");
    }

    #[test]
    fn sleepovers_report_as_temporary_moves_never_as_placements() {
        assert_eq!(temporary_place(true), "T3");
        assert_eq!(temporary_place(false), "T4");
        assert!(!is_foster_placement(temporary_place(false)));
    }
}
