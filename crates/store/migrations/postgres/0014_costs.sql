-- Impact and cost (DESIGN §5.7): the unit costs the programme sets, each with its source and
-- year, and what the programme costs per constellation in a financial year. A change is a new
-- row: earlier ones are kept, and both schemas refuse a change to one.
CREATE TABLE unit_costs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    source TEXT NOT NULL,
    year BIGINT NOT NULL,
    set_by TEXT NOT NULL,
    set_by_user TEXT REFERENCES users (id),
    set_at TEXT NOT NULL
);
CREATE INDEX unit_costs_by_kind ON unit_costs (kind, set_at);
CREATE TABLE programme_costs (
    id TEXT PRIMARY KEY,
    financial_year BIGINT NOT NULL,
    hub_fees BIGINT NOT NULL CHECK (hub_fees >= 0),
    liaison BIGINT NOT NULL CHECK (liaison >= 0),
    licence BIGINT NOT NULL CHECK (licence >= 0),
    note TEXT,
    set_by TEXT NOT NULL,
    set_by_user TEXT REFERENCES users (id),
    set_at TEXT NOT NULL
);
CREATE INDEX programme_costs_by_year ON programme_costs (financial_year, set_at);
CREATE FUNCTION costs_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a cost is kept as it was set';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER unit_costs_no_change BEFORE UPDATE OR DELETE ON unit_costs
    FOR EACH ROW EXECUTE FUNCTION costs_refuse_change();
CREATE TRIGGER programme_costs_no_change BEFORE UPDATE OR DELETE ON programme_costs
    FOR EACH ROW EXECUTE FUNCTION costs_refuse_change();
