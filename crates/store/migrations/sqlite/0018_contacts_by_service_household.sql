-- A service's staff read one household's contacts with their grant's service too. SQLite, which
-- keeps no statistics here, read those through the index of the service's contacts, walking
-- thousands to find a household's few; this index holds both, so it is chosen and reads only them.
CREATE INDEX contacts_by_service_household ON contacts (service_id, household_id, at);
