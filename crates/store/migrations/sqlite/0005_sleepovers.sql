-- Sleepovers as a capability (DESIGN §5.3, §5.5): who asked and answered, overrides, the host's
-- nights counted bed by bed, the service's rules, notification choices, the mail outbox and
-- calendar feeds.

ALTER TABLE sleepovers ADD COLUMN last_night TEXT NOT NULL DEFAULT '';
ALTER TABLE sleepovers ADD COLUMN short_break INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sleepovers ADD COLUMN carer_on_holiday INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sleepovers ADD COLUMN requested_by TEXT;
ALTER TABLE sleepovers ADD COLUMN answered_by TEXT;
ALTER TABLE sleepovers ADD COLUMN outcome_note TEXT;
ALTER TABLE sleepovers ADD COLUMN override_reason TEXT;
ALTER TABLE sleepovers ADD COLUMN overridden TEXT;
ALTER TABLE sleepovers ADD COLUMN overridden_by TEXT;
ALTER TABLE sleepovers ADD COLUMN updated_at TEXT;
UPDATE sleepovers SET last_night = date(first_night, '+' || (nights - 1) || ' days');
CREATE INDEX sleepovers_by_status ON sleepovers (status, kind, first_night);
CREATE INDEX sleepover_children_by_child ON sleepover_children (child_id);

-- One row per host and night that has ever had a bed taken or been marked unavailable. A
-- confirmation adds its children to `taken` with a conditional update, so beds are never
-- double-booked; `closed` counts the unavailable periods covering the night.
CREATE TABLE host_nights (
    household_id TEXT NOT NULL REFERENCES households (id),
    night TEXT NOT NULL,
    taken INTEGER NOT NULL,
    closed INTEGER NOT NULL,
    PRIMARY KEY (household_id, night)
);

INSERT INTO host_nights (household_id, night, taken, closed)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 365)
SELECT s.host_household_id, date(s.first_night, '+' || n.i || ' days'), sum(c.k), 0
FROM sleepovers s
JOIN (SELECT sleepover_id, count(*) AS k FROM sleepover_children GROUP BY sleepover_id) c
    ON c.sleepover_id = s.id
JOIN n ON n.i < s.nights
WHERE s.status IN ('confirmed', 'completed')
GROUP BY 1, 2;

ALTER TABLE hub_unavailable_nights ADD COLUMN withdrawn_at TEXT;
ALTER TABLE hub_unavailable_nights ADD COLUMN updated_at TEXT;

INSERT INTO host_nights (household_id, night, taken, closed)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 365)
SELECT u.household_id, date(u.from_on, '+' || n.i || ' days'), 0, count(*)
FROM hub_unavailable_nights u
JOIN n ON date(u.from_on, '+' || n.i || ' days') <= u.to_on
GROUP BY 1, 2
ON CONFLICT (household_id, night) DO UPDATE SET closed = excluded.closed;

-- A service's rules; a service without a row uses the defaults. `id` is the service's id.
CREATE TABLE sleepover_rules (
    id TEXT PRIMARY KEY REFERENCES services (id),
    sleepover_nights INTEGER NOT NULL,
    short_break_nights INTEGER NOT NULL,
    notice_days INTEGER NOT NULL,
    yearly_nights INTEGER NOT NULL,
    satellites_may_host INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- What each person chooses to be told by e-mail; a person without a row is told everything.
CREATE TABLE notification_choices (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    requests INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    emergencies INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- Mail is written here in the same transaction as the change it tells of, then sent.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created_at TEXT NOT NULL,
    claimed_at TEXT,
    sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX mail_outbox_waiting ON mail_outbox (sent_at, created_at);

-- A person's private calendar address: only the secret's SHA-256 is kept.
CREATE TABLE calendar_feeds (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feeds_by_user ON calendar_feeds (user_id);
