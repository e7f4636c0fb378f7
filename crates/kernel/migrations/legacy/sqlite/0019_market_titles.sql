-- Re-importing a market sheet finds stored items by title (sqlite).
CREATE INDEX achievements_title ON achievements(title);
CREATE INDEX demands_title ON demands(title);
