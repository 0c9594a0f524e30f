-- The index on every sleepover's status led the planner astray: SQLite read a constellation's
-- month through it, stepping through every live stay in England (seconds, not milliseconds), and
-- every step moved an entry in it. In its place, an index of the open stays only (asked for or
-- booked), by service and first night: what the list of stays to close reads.
DROP INDEX sleepovers_by_status;
CREATE INDEX sleepovers_open ON sleepovers (service_id, first_night)
    WHERE status IN ('requested', 'confirmed');
-- Emergencies only, by service and status: those waiting for an answer, at the top of the
-- screens, and the answers the monthly return times.
DROP INDEX sleepovers_by_answer;
CREATE INDEX sleepovers_emergencies ON sleepovers (service_id, status, answered_at)
    WHERE kind = 'emergency';
