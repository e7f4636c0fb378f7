-- Listings due to expire are found through this index alone, without reading
-- every published achievement.
CREATE INDEX achievements_expiry ON achievements(status, expires_on);
