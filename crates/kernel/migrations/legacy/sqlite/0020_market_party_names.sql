-- Re-importing a market sheet reads the stored items of the sheet's owners
-- (enterprises for demands) and compares normalised titles (sqlite).
DROP INDEX achievements_title;
DROP INDEX demands_title;
CREATE INDEX achievements_owner_name ON achievements(owner_name);
CREATE INDEX demands_enterprise_name ON demands(enterprise_name);
