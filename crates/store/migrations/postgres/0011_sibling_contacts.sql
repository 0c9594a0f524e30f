-- Sibling contact (DESIGN §3): brothers and sisters share a sibling group; a meeting of siblings
-- placed apart is found in events and sleepovers, or recorded here. A recorded meeting is
-- withdrawn with a reason rather than deleted, and keeps the household each child came from.
CREATE INDEX children_by_sibling_group ON children (sibling_group_id);

CREATE TABLE sibling_contacts (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    constellation_id TEXT REFERENCES constellations (id),
    sibling_group_id TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_by_user TEXT REFERENCES users (id),
    withdrawn_at TEXT,
    withdrawn_by TEXT,
    withdrawn_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sibling_contacts_by_service ON sibling_contacts (service_id, on_date);

CREATE TABLE sibling_contact_children (
    sibling_contact_id TEXT NOT NULL REFERENCES sibling_contacts (id),
    child_id TEXT NOT NULL REFERENCES children (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    PRIMARY KEY (sibling_contact_id, child_id)
);
CREATE INDEX sibling_contact_children_by_child ON sibling_contact_children (child_id);
