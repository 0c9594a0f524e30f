-- The monthly return (DESIGN §5.6): each submitted version of a service's month, its figures
-- frozen as JSON. Versions are only ever added: an amendment is a new version, and both schemas
-- refuse a change to one already sent.
CREATE TABLE monthly_returns (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    month TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    figures TEXT NOT NULL,
    comment TEXT,
    submitted_by TEXT NOT NULL,
    submitted_by_user TEXT REFERENCES users (id),
    submitted_at TEXT NOT NULL,
    UNIQUE (service_id, month, version)
);
CREATE TRIGGER monthly_returns_no_update BEFORE UPDATE ON monthly_returns
BEGIN
    SELECT RAISE(ABORT, 'a submitted return is frozen');
END;
CREATE TRIGGER monthly_returns_no_delete BEFORE DELETE ON monthly_returns
BEGIN
    SELECT RAISE(ABORT, 'a submitted return is frozen');
END;

-- The return counts a service's homes month by month.
CREATE INDEX memberships_by_service ON memberships (service_id, from_on);
