-- The schema of plans and supervision: plans, their targets, tasks and incentives, progress reports, task updates, county assessments (SQLite).
-- Baseline of the migrations before capabilities owned their schemas
-- (0001-0021, kept in crates/kernel/migrations/legacy for databases made
-- by earlier releases); later changes go in new files of this folder.

CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    region_id     INTEGER NOT NULL REFERENCES regions(id),
    title         TEXT    NOT NULL,
    doc_number    TEXT,
    issuer        TEXT,
    issued_on     TEXT,
    period_start  INTEGER,
    period_end    INTEGER,
    status        TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    source_name   TEXT    NOT NULL,
    source_text   TEXT    NOT NULL,
    parsed_json   TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    published_at  TEXT,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plans_region ON plans(region_id);

CREATE TABLE plan_targets (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    indicator     TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    direction     TEXT    NOT NULL DEFAULT 'up',
    baseline_e4   INTEGER,
    target_e4     INTEGER NOT NULL,
    unit          TEXT    NOT NULL,
    target_year   INTEGER,
    section       TEXT    NOT NULL DEFAULT '',
    source_text   TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_targets_plan ON plan_targets(plan_id);

CREATE TABLE plan_tasks (
    id                 INTEGER PRIMARY KEY,
    plan_id            INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    seq                INTEGER NOT NULL,
    numbering          TEXT    NOT NULL DEFAULT '',
    title              TEXT    NOT NULL,
    body               TEXT    NOT NULL DEFAULT '',
    lead_units         TEXT    NOT NULL DEFAULT '[]',
    responsible_units  TEXT    NOT NULL DEFAULT '[]',
    category           TEXT    NOT NULL DEFAULT 'task',
    due_on             TEXT,
    status             TEXT    NOT NULL DEFAULT 'not_started',
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_tasks_plan ON plan_tasks(plan_id);

CREATE TABLE plan_incentives (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    beneficiary   TEXT    NOT NULL DEFAULT '',
    amount_fen    INTEGER,
    cap_fen       INTEGER,
    rate_e4       INTEGER,
    cost_share    TEXT    NOT NULL DEFAULT '',
    source_text   TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_incentives_plan ON plan_incentives(plan_id);

CREATE TABLE progress_reports (
    id               INTEGER PRIMARY KEY,
    target_id        INTEGER NOT NULL REFERENCES plan_targets(id) ON DELETE CASCADE,
    region_id        INTEGER NOT NULL REFERENCES regions(id),
    value_e4         INTEGER NOT NULL,
    reported_on      TEXT    NOT NULL,
    source           TEXT    NOT NULL DEFAULT '',
    note             TEXT    NOT NULL DEFAULT '',
    attachment_name  TEXT,
    attachment       BLOB,
    created_by       INTEGER REFERENCES users(id),
    created_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX progress_reports_target ON progress_reports(target_id, region_id, reported_on);

CREATE TABLE task_updates (
    id               INTEGER PRIMARY KEY,
    task_id          INTEGER NOT NULL REFERENCES plan_tasks(id) ON DELETE CASCADE,
    region_id        INTEGER NOT NULL REFERENCES regions(id),
    status           TEXT    NOT NULL,
    evidence         TEXT    NOT NULL DEFAULT '',
    attachment_name  TEXT,
    attachment       BLOB,
    created_by       INTEGER REFERENCES users(id),
    created_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX task_updates_task ON task_updates(task_id);

CREATE TABLE assessments (
    id            INTEGER PRIMARY KEY,
    region_id     INTEGER NOT NULL REFERENCES regions(id),
    name          TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    indicators    TEXT    NOT NULL,
    values_json   TEXT    NOT NULL DEFAULT '{}',
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assessments_region ON assessments(region_id);
