-- The roll-up counts the versions sent for its months, to tell whether its last read still holds.
CREATE INDEX monthly_returns_by_month ON monthly_returns (month);
