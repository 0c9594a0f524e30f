-- The everyday life of a constellation (DESIGN §3): sleepovers, events, contacts and concerns.
-- The demo fills these; their pages come with later capabilities.

CREATE TABLE sleepovers (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    from_household_id TEXT NOT NULL REFERENCES households (id),
    host_household_id TEXT NOT NULL REFERENCES households (id),
    first_night TEXT NOT NULL,
    nights BIGINT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT,
    requested_at TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX sleepovers_by_host ON sleepovers (host_household_id, first_night);
CREATE INDEX sleepovers_by_from ON sleepovers (from_household_id, first_night);
CREATE INDEX sleepovers_by_service ON sleepovers (service_id, first_night);

CREATE TABLE sleepover_children (
    sleepover_id TEXT NOT NULL REFERENCES sleepovers (id),
    child_id TEXT NOT NULL REFERENCES children (id),
    PRIMARY KEY (sleepover_id, child_id)
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    constellation_id TEXT NOT NULL REFERENCES constellations (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    cancelled BIGINT NOT NULL
);
CREATE INDEX events_by_constellation ON events (constellation_id, starts_at);
CREATE INDEX events_by_service ON events (service_id, starts_at);

CREATE TABLE attendances (
    event_id TEXT NOT NULL REFERENCES events (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    adults BIGINT NOT NULL,
    children BIGINT NOT NULL,
    PRIMARY KEY (event_id, household_id)
);

CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    made_by TEXT NOT NULL,
    at TEXT NOT NULL,
    channel TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    topics TEXT NOT NULL,
    note TEXT
);
CREATE INDEX contacts_by_household ON contacts (household_id, at);
CREATE INDEX contacts_by_service ON contacts (service_id, at);

CREATE TABLE concerns (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    child_id TEXT REFERENCES children (id),
    carer_id TEXT REFERENCES carers (id),
    kind TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    outcome TEXT,
    attributed BIGINT
);
CREATE INDEX concerns_by_household ON concerns (household_id, opened_on);
CREATE INDEX concerns_by_service ON concerns (service_id, opened_on);
