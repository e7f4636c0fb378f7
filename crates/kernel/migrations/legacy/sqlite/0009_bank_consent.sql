-- Lists pushed to banks (推送银行): an enterprise's consent to be shown to
-- the partner banks, given or withdrawn by the enterprise itself; one row
-- per enterprise, every change audited. Which certificate kinds the bureau
-- shares is the setting `bank_shared_kinds`.
CREATE TABLE bank_consents (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL UNIQUE REFERENCES enterprises(id) ON DELETE CASCADE,
    consented       BOOLEAN NOT NULL DEFAULT 0,
    decided_by      TEXT    NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
