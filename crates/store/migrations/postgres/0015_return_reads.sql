-- The roll-up counts the versions sent for its months, to tell whether its last read still holds.
CREATE INDEX IF NOT EXISTS monthly_returns_by_month ON monthly_returns (month);

-- A month's return counts children, placements, carers and attendance from these, without
-- going to each row: each holds every column the return reads.
CREATE INDEX IF NOT EXISTS children_for_returns
    ON children (service_id, arrangement, household_id, id, sibling_group_id);
CREATE INDEX IF NOT EXISTS placements_for_returns
    ON placements (child_id, from_on, to_on, household_id);
DROP INDEX IF EXISTS placements_by_child;
CREATE INDEX IF NOT EXISTS carers_for_returns
    ON carers (service_id, approved_from, approved_to, household_id);
CREATE INDEX IF NOT EXISTS attendances_with_children
    ON attendances (event_id, household_id) WHERE children > 0;
CREATE INDEX IF NOT EXISTS children_in_sibling_groups
    ON children (service_id, sibling_group_id) WHERE sibling_group_id IS NOT NULL;
