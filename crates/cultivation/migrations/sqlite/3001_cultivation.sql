-- The schema of cultivation: reserve pools, bank consents, commissioners and their visits, clinic answers (SQLite).
-- Baseline of the migrations before capabilities owned their schemas
-- (0001-0021, kept in crates/kernel/migrations/legacy for databases made
-- by earlier releases); later changes go in new files of this folder.

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

-- Commissioners (科技特派员): which expert looks after which high-tech
-- enterprise. An assignment in force has no end date; at most one per firm.
CREATE TABLE commissioner_assignments (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    expert_id       INTEGER NOT NULL REFERENCES registry_records(id) ON DELETE CASCADE,
    started_on      TEXT    NOT NULL,
    ended_on        TEXT,
    end_reason      TEXT    NOT NULL DEFAULT '',
    assigned_by     TEXT    NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX commissioner_one_per_firm ON commissioner_assignments(enterprise_id) WHERE ended_on IS NULL;
CREATE INDEX commissioner_assignments_expert ON commissioner_assignments(expert_id);

-- Visits (走访记录) to a firm, with a follow-up and whether it was done.
CREATE TABLE commissioner_visits (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    expert_id       INTEGER REFERENCES registry_records(id) ON DELETE SET NULL,
    visited_on      TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    follow_up       TEXT    NOT NULL DEFAULT '',
    follow_up_due   TEXT,
    follow_up_done  BOOLEAN NOT NULL DEFAULT 0,
    recorded_by     TEXT    NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX commissioner_visits_firm ON commissioner_visits(enterprise_id, visited_on);

-- The innovation clinic's questions the registry cannot answer from figures
-- (field, commercialisations, R&D management, violations, standards), as
-- answered by the firm or by staff: one JSON object per enterprise, audited.
CREATE TABLE clinic_answers (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL UNIQUE REFERENCES enterprises(id) ON DELETE CASCADE,
    answers_json    TEXT    NOT NULL,
    answered_by     TEXT    NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
