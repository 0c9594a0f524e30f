-- Impact and cost (DESIGN §5.7): the unit costs the programme sets, each with its source and
-- year, and what the programme costs per constellation in a financial year. A change is a new
-- row: earlier ones are kept, and both schemas refuse a change to one.
CREATE TABLE unit_costs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    source TEXT NOT NULL,
    year INTEGER NOT NULL,
    set_by TEXT NOT NULL,
    set_by_user TEXT REFERENCES users (id),
    set_at TEXT NOT NULL
);
CREATE INDEX unit_costs_by_kind ON unit_costs (kind, set_at);
CREATE TABLE programme_costs (
    id TEXT PRIMARY KEY,
    financial_year INTEGER NOT NULL,
    hub_fees INTEGER NOT NULL CHECK (hub_fees >= 0),
    liaison INTEGER NOT NULL CHECK (liaison >= 0),
    licence INTEGER NOT NULL CHECK (licence >= 0),
    note TEXT,
    set_by TEXT NOT NULL,
    set_by_user TEXT REFERENCES users (id),
    set_at TEXT NOT NULL
);
CREATE INDEX programme_costs_by_year ON programme_costs (financial_year, set_at);
CREATE TRIGGER unit_costs_no_update BEFORE UPDATE ON unit_costs
BEGIN
    SELECT RAISE(ABORT, 'a unit cost is kept as it was set');
END;
CREATE TRIGGER unit_costs_no_delete BEFORE DELETE ON unit_costs
BEGIN
    SELECT RAISE(ABORT, 'a unit cost is kept as it was set');
END;
CREATE TRIGGER programme_costs_no_update BEFORE UPDATE ON programme_costs
BEGIN
    SELECT RAISE(ABORT, 'a programme cost is kept as it was set');
END;
CREATE TRIGGER programme_costs_no_delete BEFORE DELETE ON programme_costs
BEGIN
    SELECT RAISE(ABORT, 'a programme cost is kept as it was set');
END;
