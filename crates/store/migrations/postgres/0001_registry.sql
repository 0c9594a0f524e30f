-- The registry (DESIGN §3). Ids are UUIDv7 text; days are ISO-8601 text ('YYYY-MM-DD'), which
-- sorts and compares correctly on both backends; times are RFC 3339 text in UTC.

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    region TEXT NOT NULL,
    status TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    left_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE constellations (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    launched_on TEXT NOT NULL,
    closed_on TEXT,
    liaison_worker TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX constellations_by_service ON constellations (service_id, name);
CREATE INDEX constellations_by_name ON constellations (name);

CREATE TABLE households (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    reference TEXT NOT NULL,
    display_name TEXT NOT NULL,
    postcode TEXT NOT NULL,
    places BIGINT NOT NULL,
    approval_kinds TEXT,
    sleepover_beds BIGINT NOT NULL,
    joined_on TEXT NOT NULL,
    left_on TEXT,
    left_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (service_id, reference)
);
CREATE INDEX households_by_service ON households (service_id, display_name, id);
CREATE INDEX households_by_name ON households (display_name, id);

CREATE TABLE memberships (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    constellation_id TEXT NOT NULL REFERENCES constellations (id),
    role TEXT NOT NULL,
    from_on TEXT NOT NULL,
    to_on TEXT,
    end_reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX memberships_by_household ON memberships (household_id, from_on);
CREATE INDEX memberships_by_constellation ON memberships (constellation_id, from_on);

CREATE TABLE hub_unavailable_nights (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX hub_unavailable_by_household ON hub_unavailable_nights (household_id, from_on);

CREATE TABLE carers (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    approved_from TEXT NOT NULL,
    approved_to TEXT,
    approval_end_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX carers_by_household ON carers (household_id);
CREATE INDEX carers_by_service ON carers (service_id, name);

CREATE TABLE children (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    household_id TEXT REFERENCES households (id),
    name TEXT NOT NULL,
    birth_month TEXT NOT NULL,
    arrangement TEXT NOT NULL,
    sibling_group_id TEXT,
    needs_notes TEXT,
    shareable_notes TEXT,
    da_granted_by TEXT,
    da_granted_on TEXT,
    da_scope TEXT,
    da_review_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX children_by_household ON children (household_id);
CREATE INDEX children_by_service ON children (service_id, name);

CREATE TABLE placements (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    child_id TEXT NOT NULL REFERENCES children (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    from_on TEXT NOT NULL,
    to_on TEXT,
    place_code TEXT NOT NULL,
    reason_code TEXT,
    planned_ending BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX placements_by_child ON placements (child_id, from_on);
CREATE INDEX placements_by_household ON placements (household_id);
