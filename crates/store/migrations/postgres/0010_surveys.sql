-- Carers' ratings of respite and of peer support: one answer per person per quarter, which
-- the unique key keeps even when two answers arrive at once.
CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    household_id TEXT REFERENCES households (id),
    constellation_id TEXT REFERENCES constellations (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    quarter TEXT NOT NULL,
    respite TEXT NOT NULL,
    peer_support TEXT NOT NULL,
    comment TEXT,
    answered_on TEXT NOT NULL,
    UNIQUE (user_id, quarter)
);
CREATE INDEX surveys_by_service ON surveys (service_id, quarter);
