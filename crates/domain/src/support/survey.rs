//! Carers' ratings of the respite and short breaks they get and of the peer support, at most
//! once a quarter each. The results feed the monthly return.

use serde::{Deserialize, Serialize};

use crate::check::loose;
use crate::registry::caps;
use crate::{Check, Date, Error, choice};

choice!(
    /// How good something was.
    Rating {
        Excellent => "excellent", "Excellent";
        Good => "good", "Good";
        Fair => "fair", "Fair";
        Poor => "poor", "Poor";
    }
);

/// A calendar quarter: January to March is the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i16,
    /// 1 to 4.
    pub number: i8,
}

impl Quarter {
    pub fn of(day: Date) -> Quarter {
        let month = day.month().first_day().to_string();
        let n: i8 = month[5..7].parse().unwrap_or(1);
        Quarter { year: day.year(), number: (n - 1) / 3 + 1 }
    }

    /// As stored: `2026-Q4`.
    pub fn key(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }

    pub fn parse(text: &str) -> Result<Quarter, String> {
        let bad = || "must be a quarter written like 2026-Q4".to_string();
        let (year, n) = text.trim().split_once("-Q").ok_or_else(bad)?;
        let (year, number) =
            (year.parse::<i16>().map_err(|_| bad())?, n.parse::<i8>().map_err(|_| bad())?);
        if !(1..=4).contains(&number) || !(1900..=2200).contains(&year) {
            return Err(bad());
        }
        Ok(Quarter { year, number })
    }

    /// As a person reads it: "October to December 2026".
    pub fn label(self) -> String {
        let months =
            ["January to March", "April to June", "July to September", "October to December"];
        format!("{} {}", months[(self.number - 1) as usize], self.year)
    }

    pub fn previous(self) -> Quarter {
        match self.number {
            1 => Quarter { year: self.year - 1, number: 4 },
            n => Quarter { year: self.year, number: n - 1 },
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyInput {
    /// The respite and short breaks you get: `excellent`, `good`, `fair` or `poor`.
    #[serde(default, deserialize_with = "loose")]
    pub respite: Option<String>,
    /// The peer support: `excellent`, `good`, `fair` or `poor`.
    #[serde(default, deserialize_with = "loose")]
    pub peer_support: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyDraft {
    pub respite: Rating,
    pub peer_support: Rating,
    pub comment: Option<String>,
}

impl SurveyDraft {
    pub fn parse(input: &SurveyInput) -> Result<Self, Error> {
        let mut check = Check::new();
        let respite = check.choice("respite", &input.respite);
        let peer_support = check.choice("peer_support", &input.peer_support);
        let comment = check.opt_text("comment", &input.comment, caps::NOTE);
        check.finish()?;
        Ok(SurveyDraft { respite, peer_support, comment })
    }
}

/// One carer's answer for one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyAnswer {
    pub quarter: String,
    pub respite: Rating,
    pub peer_support: Rating,
    pub comment: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub answered_on: Date,
}

/// How many carers gave each rating, for one question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratings {
    pub excellent: i64,
    pub good: i64,
    pub fair: i64,
    pub poor: i64,
}

impl Ratings {
    pub fn add(&mut self, rating: Rating, n: i64) {
        match rating {
            Rating::Excellent => self.excellent += n,
            Rating::Good => self.good += n,
            Rating::Fair => self.fair += n,
            Rating::Poor => self.poor += n,
        }
    }

    pub fn total(&self) -> i64 {
        self.excellent + self.good + self.fair + self.poor
    }

    pub fn of(&self, rating: Rating) -> i64 {
        match rating {
            Rating::Excellent => self.excellent,
            Rating::Good => self.good,
            Rating::Fair => self.fair,
            Rating::Poor => self.poor,
        }
    }
}

/// A quarter's results for the services the caller reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub quarter: String,
    pub respite: Ratings,
    pub peer_support: Ratings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_run_january_to_march_first() {
        let q = Quarter::of(Date::parse("2026-11-23").unwrap());
        assert_eq!((q.key(), q.label()), ("2026-Q4".into(), "October to December 2026".into()));
        assert_eq!(Quarter::of(Date::parse("2026-03-31").unwrap()).key(), "2026-Q1");
        assert_eq!(Quarter::parse("2026-Q1").unwrap().previous().key(), "2025-Q4");
        assert!(Quarter::parse("2026-Q5").is_err() && Quarter::parse("2026-4").is_err());
    }

    #[test]
    fn both_questions_are_answered() {
        let none = SurveyDraft::parse(&SurveyInput::default()).unwrap_err();
        let fields: Vec<&str> = none.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["respite", "peer_support"]);
        let odd = SurveyInput {
            respite: Some("superb".into()),
            peer_support: Some("good".into()),
            comment: None,
        };
        assert_eq!(SurveyDraft::parse(&odd).unwrap_err().fields()[0].field, "respite");
    }
}
