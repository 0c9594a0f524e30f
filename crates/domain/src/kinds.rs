//! The closed lists of DESIGN.md §2 and §3.

use crate::choice;

choice!(ServiceKind {
    LocalAuthority => "local_authority", "Local authority";
    Trust => "trust", "Children's services trust";
    Ifa => "ifa", "Independent fostering agency";
    Other => "other", "Other";
});

choice!(ServiceStatus {
    Interested => "interested", "Interested";
    Implementing => "implementing", "Implementing";
    Established => "established", "Established";
    Paused => "paused", "Paused";
    Left => "left", "Left the programme";
});

choice!(ConstellationStatus {
    Forming => "forming", "Forming";
    Active => "active", "Active";
    Paused => "paused", "Paused";
    Closed => "closed", "Closed";
});

choice!(
    /// A household's place in a constellation.
    MembershipRole {
        Satellite => "satellite", "Satellite";
        Hub => "hub", "Hub";
    }
);

choice!(
    /// Why a household left the programme, or why a carer's approval ended.
    LeavingReason {
        Resigned => "resigned", "Resigned";
        Deregistered => "deregistered", "Deregistered";
        Retired => "retired", "Retired";
        Transferred => "transferred", "Transferred to another service";
        Other => "other", "Other";
    }
);

choice!(
    /// Why a household's membership of a constellation ended.
    MembershipEnding {
        MovedConstellation => "moved_constellation", "Moved to another constellation";
        LeftProgramme => "left_programme", "Left the programme";
        ConstellationClosed => "constellation_closed", "Constellation closed";
        BecameHub => "role_changed", "Role in the constellation changed";
        Other => "other", "Other";
    }
);

choice!(
    /// A carer's part in their household.
    CarerRole {
        MainCarer => "main_carer", "Main carer";
        SecondCarer => "second_carer", "Second carer";
        SupportCarer => "support_carer", "Support carer";
    }
);

choice!(
    /// How a child is linked to their household (DESIGN §1).
    Arrangement {
        MainstreamFoster => "mainstream_foster", "Mainstream fostering";
        Kinship => "kinship", "Kinship, friends and family";
        Sgo => "sgo", "Special guardianship";
        Adopted => "adopted", "Adopted";
        ResidentialLinked => "residential_linked", "Residential, linked to the constellation";
        BirthChild => "birth_child", "Son or daughter of a carer";
        Other => "other", "Other";
    }
);

impl Arrangement {
    /// Whether a child in this arrangement is looked after, and so has placements.
    pub fn is_looked_after(self) -> bool {
        matches!(
            self,
            Arrangement::MainstreamFoster | Arrangement::Kinship | Arrangement::ResidentialLinked
        )
    }
}

choice!(SleepoverKind {
    Planned => "planned", "Planned";
    Emergency => "emergency", "Emergency";
});

choice!(SleepoverStatus {
    Requested => "requested", "Requested";
    Confirmed => "confirmed", "Confirmed";
    Declined => "declined", "Declined";
    Cancelled => "cancelled", "Cancelled";
    Completed => "completed", "Completed";
    DidNotHappen => "did_not_happen", "Did not happen";
});

impl SleepoverStatus {
    /// Whether a stay in this status is still open: waiting for an answer, or confirmed and not
    /// yet closed. Someone must still act on it.
    pub fn is_open(self) -> bool {
        matches!(self, SleepoverStatus::Requested | SleepoverStatus::Confirmed)
    }
}

choice!(SleepoverReason {
    Respite => "respite", "Respite";
    Crisis => "crisis", "Crisis";
    SiblingTime => "sibling_time", "Time with a brother or sister";
    CarerUnavailable => "carer_unavailable", "Carer unavailable";
    Other => "other", "Other";
});

choice!(EventKind {
    Social => "social", "Social activity";
    Training => "training", "Training";
    PeerSupport => "peer_support", "Peer support";
    Planning => "planning", "Planning meeting";
});

choice!(ContactChannel {
    Phone => "phone", "Phone";
    InPerson => "in_person", "In person";
    Video => "video", "Video";
    Message => "message", "Message";
});

choice!(ConcernKind {
    PlacementAtRisk => "placement_at_risk", "Placement at risk";
    CarerMayResign => "carer_may_resign", "Carer may resign";
    ResidentialRisk => "residential_risk", "Move to residential care likely";
});

choice!(ConcernOutcome {
    Stabilised => "stabilised", "Stabilised";
    Ended => "ended", "Placement ended";
    MovedToResidential => "moved_to_residential", "Moved to residential care";
    Resigned => "resigned", "Carer resigned";
    Withdrawn => "withdrawn", "Withdrawn";
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Choice;

    #[test]
    fn words_round_trip_and_unknown_words_are_refused() {
        for kind in Arrangement::ALL {
            assert_eq!(Arrangement::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(Arrangement::parse("foster"), None);
        assert!(ServiceKind::words().contains("local_authority, trust"));
    }

    #[test]
    fn only_fostering_kinship_and_residential_children_have_placements() {
        assert!(Arrangement::MainstreamFoster.is_looked_after());
        assert!(!Arrangement::BirthChild.is_looked_after());
        assert!(!Arrangement::Adopted.is_looked_after());
    }
}
