-- One-to-one support contacts logged in Constellate: by whose account, and when the record was
-- made and last corrected. Contacts from before keep only the name of who made them.
ALTER TABLE contacts ADD COLUMN made_by_user TEXT REFERENCES users (id);
ALTER TABLE contacts ADD COLUMN created_at TEXT;
ALTER TABLE contacts ADD COLUMN updated_at TEXT;
CREATE INDEX contacts_by_maker ON contacts (made_by_user, at);
