-- Whether a child is already asked for or booked on a night is read from the child's stays that
-- end on or after it, not from every stay the child has ever had. A stay's nights never change
-- once asked for, so each of its children keeps the last night it was asked with.
ALTER TABLE sleepover_children ADD COLUMN last_night TEXT NOT NULL DEFAULT '';
UPDATE sleepover_children SET last_night =
    (SELECT s.last_night FROM sleepovers s WHERE s.id = sleepover_children.sleepover_id);
CREATE INDEX sleepover_children_by_child_nights ON sleepover_children (child_id, last_night);
DROP INDEX sleepover_children_by_child;
