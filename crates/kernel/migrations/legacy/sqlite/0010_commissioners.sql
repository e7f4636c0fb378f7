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
