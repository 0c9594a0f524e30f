-- Events planned and kept in Constellate: when they end, where, a note, why one was
-- cancelled; sons and daughters among the children who came; and each household's answer.
ALTER TABLE events ADD COLUMN ends_at TEXT;
ALTER TABLE events ADD COLUMN place TEXT;
ALTER TABLE events ADD COLUMN note TEXT;
ALTER TABLE events ADD COLUMN cancelled_reason TEXT;
ALTER TABLE events ADD COLUMN created_at TEXT;
ALTER TABLE events ADD COLUMN updated_at TEXT;
ALTER TABLE attendances ADD COLUMN sons_daughters BIGINT NOT NULL DEFAULT 0;

CREATE TABLE event_replies (
    event_id TEXT NOT NULL REFERENCES events (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    answer TEXT NOT NULL,
    replied_by TEXT NOT NULL,
    replied_by_user TEXT REFERENCES users (id),
    replied_at TEXT NOT NULL,
    PRIMARY KEY (event_id, household_id)
);
