//! A sleepover as the DfE sees it: for a looked-after child, a temporary episode (`T3` or `T4`)
//! in the SSDA903 Episodes layout, never a placement move (DESIGN §7).

use crate::ssda903::temporary_place;
use crate::{Date, Id};

/// The SSDA903 Episodes columns, in order.
pub const EPISODE_COLUMNS: [&str; 13] = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
];

/// One temporary episode: it starts on the first night and ends the morning after the last,
/// when a new episode resumes the usual placement (`REC` `X1`). `RNE` is `P`, a change of
/// placement only; the legal status and need code stay the service's to fill from its own
/// records, as do the provider and `URN`.
pub fn temporary_episode(
    child: Id,
    first_night: Date,
    last_night: Date,
    carer_on_holiday: bool,
    home_postcode: &str,
    host_postcode: &str,
) -> [String; 13] {
    [
        child.to_string(),
        first_night.ssda903(),
        "P".into(),
        String::new(),
        String::new(),
        temporary_place(carer_on_holiday).into(),
        String::new(),
        last_night.add_days(1).ssda903(),
        "X1".into(),
        String::new(),
        home_postcode.into(),
        host_postcode.into(),
        String::new(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_night_stay_is_a_temporary_episode_ending_the_morning_after() {
        let first = Date::parse("2026-12-30").unwrap();
        let row = temporary_episode(Id::new(), first, first.add_days(1), false, "M1 1AE", "M2 2BB");
        assert_eq!(row[1], "30/12/2026");
        assert_eq!(row[5], "T4");
        assert_eq!(row[7], "01/01/2027");
        assert_eq!(row[8], "X1");
        let holiday = temporary_episode(Id::new(), first, first, true, "", "");
        assert_eq!(holiday[5], "T3");
    }
}
