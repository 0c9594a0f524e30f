-- Concerns raised and closed in Constellate: who raised and closed them, notes, the red flag
-- that alerted the liaison worker, and the support linked to each. Each person chooses whether
-- red flags reach them by e-mail.
ALTER TABLE concerns ADD COLUMN note TEXT;
ALTER TABLE concerns ADD COLUMN opened_by TEXT;
ALTER TABLE concerns ADD COLUMN opened_by_user TEXT REFERENCES users (id);
ALTER TABLE concerns ADD COLUMN red_flag TEXT;
ALTER TABLE concerns ADD COLUMN closed_by TEXT;
ALTER TABLE concerns ADD COLUMN closing_note TEXT;
ALTER TABLE concerns ADD COLUMN created_at TEXT;
ALTER TABLE concerns ADD COLUMN updated_at TEXT;
CREATE INDEX concerns_by_child ON concerns (child_id, opened_on);

CREATE TABLE concern_actions (
    concern_id TEXT NOT NULL REFERENCES concerns (id),
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    linked_by TEXT NOT NULL,
    PRIMARY KEY (concern_id, kind, record_id)
);

ALTER TABLE notification_choices ADD COLUMN red_flags BIGINT NOT NULL DEFAULT 1;
