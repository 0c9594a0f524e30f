-- The monthly return reads a service's answers to emergency requests by when they were answered.
CREATE INDEX sleepovers_by_answer ON sleepovers (service_id, kind, answered_at);
