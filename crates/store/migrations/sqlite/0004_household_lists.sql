-- A household's carers and children are listed by name: these indexes find them and give their
-- order at once, so the page no longer walks the whole service's carers or children.
DROP INDEX carers_by_household;
DROP INDEX children_by_household;
CREATE INDEX carers_by_household ON carers (household_id, name, id);
CREATE INDEX children_by_household ON children (household_id, name, id);
