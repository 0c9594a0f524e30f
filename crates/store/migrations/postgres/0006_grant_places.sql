-- Who holds a role over a place: read to tell a hub, a host or a liaison worker of a request.
CREATE INDEX grants_by_constellation ON grants (constellation_id, role);
CREATE INDEX grants_by_household ON grants (household_id, role);
CREATE INDEX grants_by_service ON grants (service_id, role);
