-- Notifications carry the parameters their capability renders them from
-- (title, ids, names) instead of ready-made text and links.
ALTER TABLE notifications ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
