-- Reserve pools (后备库): a firm staff confirmed into a pool, or a proposal
-- staff dismissed (so the rules do not propose it again), or a member taken
-- out; one row per pool and firm, every change audited.
CREATE TABLE pool_members (
    id              INTEGER PRIMARY KEY,
    pool            TEXT    NOT NULL,
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    status          TEXT    NOT NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    decided_by      TEXT    NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (pool, enterprise_id)
);
CREATE INDEX pool_members_status ON pool_members(pool, status);
