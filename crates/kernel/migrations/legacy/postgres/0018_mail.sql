-- E-mail copies of inbox notifications (postgres): an account's address, and per
-- notification whether its e-mail went out ('sent'), failed for good
-- ('failed') or waits (''), with the attempts made and a claim that keeps
-- several instances from sending the same one twice.

ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN mail_state TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN mail_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN mail_error TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN mail_claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN mail_claimed_until TIMESTAMPTZ;
CREATE INDEX notifications_mail ON notifications(mail_state, id);
