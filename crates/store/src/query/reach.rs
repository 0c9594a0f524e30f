//! What a scope's grants reach of a read's rows (DESIGN §4), as conditions the read adds: which
//! columns name a record's service, constellation and households, and how each grant reaches them.

use domain::sleepovers::HOST_ACCESS_DAYS;
use domain::{Date, Grant, Place, Role, Scope, Sensitivity};

use super::Query;
use crate::Backend;

impl Query {
    /// Limits rows to what the scope's grants reach (DESIGN §4); no grants reach nothing.
    pub(crate) fn scope(&mut self, scope: &Scope, reach: Reach) -> &mut Self {
        let Reaching { condition, whole } = self.reaching(scope, reach);
        self.whole = Some(whole);
        match condition {
            Some(condition) => self.condition(condition),
            None => self,
        }
    }

    /// What the scope's grants reach of rows read through `reach`, without limiting this
    /// query's rows to it: for a second record joined beside the first.
    pub(crate) fn reaching(&mut self, scope: &Scope, reach: Reach) -> Reaching {
        let Scope::Person { grants, .. } = scope else {
            return Reaching { condition: None, whole: "1".into() };
        };
        let mut any = Vec::new();
        let mut staff = Vec::new();
        for grant in grants {
            if let Some(condition) = self.reach(grant, &reach) {
                if grant.role.is_staff() {
                    staff.push(condition.clone());
                }
                any.push(condition);
            }
        }
        Reaching {
            condition: Some(if any.is_empty() {
                "1 = 0".to_string()
            } else {
                format!("({})", any.join(" OR "))
            }),
            whole: if staff.is_empty() {
                "0".into()
            } else {
                format!("CASE WHEN {} THEN 1 ELSE 0 END", staff.join(" OR "))
            },
        }
    }

    /// The condition under which one grant reaches a row, or `None` if it reaches none.
    fn reach(&mut self, grant: &Grant, reach: &Reach) -> Option<String> {
        if !grant.role.sees(reach.kind) {
            return None;
        }
        match (grant.role, grant.place) {
            (Role::ProgrammeLead, _) => Some("1 = 1".into()),
            (Role::ServiceManager, Place::Service(s)) => {
                let p = self.bind(s);
                Some(format!("{} = {p}", reach.service))
            }
            (Role::LiaisonWorker | Role::HubCarer, Place::Constellation(c)) => {
                let c = self.bind(c);
                let today = self.bind(Date::today());
                let members = format!(
                    "SELECT household_id FROM memberships WHERE constellation_id = {c} AND {}",
                    current("", &today)
                );
                let mut ways = Vec::new();
                if let Some(column) = reach.constellation {
                    ways.push(format!("{column} = {c}"));
                }
                for column in reach.households() {
                    ways.push(self.among(column, &members));
                }
                if ways.is_empty() {
                    let services = format!("SELECT service_id FROM constellations WHERE id = {c}");
                    ways.push(self.among(reach.service, &services));
                }
                Some(format!("({})", ways.join(" OR ")))
            }
            (Role::SatelliteCarer, Place::Household(h)) => {
                let h = self.bind(h);
                let today = self.bind(Date::today());
                let theirs = format!(
                    "SELECT constellation_id FROM memberships WHERE household_id = {h} AND {}",
                    current("", &today)
                );
                let hosted = reach.hosted.map(|column| {
                    let since = self.bind(Date::today().add_days(-HOST_ACCESS_DAYS));
                    let children = format!(
                        "SELECT sc.child_id FROM sleepover_children sc \
                         JOIN sleepovers s ON s.id = sc.sleepover_id WHERE s.host_household_id = {h} \
                         AND s.status IN ('confirmed', 'completed') AND s.last_night >= {since}"
                    );
                    format!(" OR {}", self.among(column, &children))
                });
                if let (Some(column), Some(host)) = (reach.household, reach.host) {
                    return Some(format!("({column} = {h} OR {host} = {h})"));
                }
                let own = match (reach.household, reach.constellation) {
                    // The other households of their constellation today too, by first name.
                    (Some(column), _) if reach.neighbours => {
                        let neighbours = format!(
                            "SELECT n.household_id FROM memberships n \
                             WHERE {} AND n.constellation_id IN ({theirs})",
                            current("n.", &today)
                        );
                        format!("({column} = {h} OR {})", self.among(column, &neighbours))
                    }
                    (Some(column), _) => format!("{column} = {h}"),
                    (None, Some(column)) => self.among(column, &theirs),
                    (None, None) => {
                        let services = format!("SELECT service_id FROM households WHERE id = {h}");
                        self.among(reach.service, &services)
                    }
                };
                Some(format!("({own}{})", hosted.unwrap_or_default()))
            }
            // A grant whose place does not fit its role reaches nothing.
            _ => None,
        }
    }

    /// The condition that `column` is among the values `subquery` selects. A grant's reach is
    /// one of several ways joined by `OR`, and PostgreSQL reads `x IN (…) OR …` by testing every
    /// row of the table; as an array, read once first, the values are looked up in the column's
    /// index. SQLite reads the index for either, and has no arrays.
    fn among(&self, column: &str, subquery: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("{column} IN ({subquery})"),
            Backend::Postgres => format!("{column} = ANY(ARRAY({subquery}))"),
        }
    }
}

/// What a scope's grants reach of the rows of one read.
pub(crate) struct Reaching {
    /// The condition under which a row is reached; `None` when every row is (the command line).
    pub condition: Option<String>,
    /// `1` when a staff grant reaches the row, so it may be shown whole, else `0`.
    pub whole: String,
}

/// Whether a membership (aliased by `alias`, with its dot) runs on the day bound at `today`.
pub(crate) fn current(alias: &str, today: &str) -> String {
    format!("{alias}from_on <= {today} AND ({alias}to_on IS NULL OR {alias}to_on >= {today})")
}

/// Which columns of a read name the record's service, constellation and household.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reach {
    pub kind: Sensitivity,
    pub service: &'static str,
    pub constellation: Option<&'static str>,
    pub household: Option<&'static str>,
    /// A second household column, for a record that joins two homes: a sleepover's host.
    pub host: Option<&'static str>,
    /// The child column, for records a satellite carer sees while hosting the child.
    pub hosted: Option<&'static str>,
    /// A satellite carer also reaches the other households of their constellation (shown by
    /// first name): true for the households themselves, not for their carers or children.
    pub neighbours: bool,
}

impl Reach {
    pub(crate) const fn new(kind: Sensitivity, service: &'static str) -> Self {
        Reach {
            kind,
            service,
            constellation: None,
            household: None,
            host: None,
            hosted: None,
            neighbours: false,
        }
    }

    pub(crate) const fn host(mut self, column: &'static str) -> Self {
        self.host = Some(column);
        self
    }

    /// A satellite carer hosting the child, from confirmation until a few days after the
    /// last night, sees the child's shareable information.
    pub(crate) const fn hosted(mut self, column: &'static str) -> Self {
        self.hosted = Some(column);
        self
    }

    fn households(&self) -> impl Iterator<Item = &'static str> {
        self.household.into_iter().chain(self.host)
    }

    pub(crate) const fn constellation(mut self, column: &'static str) -> Self {
        self.constellation = Some(column);
        self
    }

    pub(crate) const fn household(mut self, column: &'static str) -> Self {
        self.household = Some(column);
        self
    }

    pub(crate) const fn neighbours(mut self) -> Self {
        self.neighbours = true;
        self
    }
}
