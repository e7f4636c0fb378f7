-- Registry, part 3: more enterprise facts from the bureau's sheets, the
-- import runs (a dry run's report and file, then its commit), which rows an
-- import created, merges of duplicate enterprises and the changes an
-- enterprise proposes to its own record.

ALTER TABLE enterprises ADD COLUMN size TEXT NOT NULL DEFAULT '';
ALTER TABLE enterprises ADD COLUMN above_scale_industrial BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE enterprises ADD COLUMN legal_representative TEXT NOT NULL DEFAULT '';
ALTER TABLE enterprises ADD COLUMN import_run_id INTEGER;
ALTER TABLE enterprises ADD COLUMN merged_into INTEGER;
-- Industry filters match a code prefix, which this index does not serve.
DROP INDEX enterprises_industry;

CREATE TABLE import_runs (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL,
    file_name      TEXT    NOT NULL,
    sha256         TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    total_rows     INTEGER NOT NULL DEFAULT 0,
    error_count    INTEGER NOT NULL DEFAULT 0,
    warning_count  INTEGER NOT NULL DEFAULT 0,
    created        INTEGER NOT NULL DEFAULT 0,
    updated        INTEGER NOT NULL DEFAULT 0,
    unchanged      INTEGER NOT NULL DEFAULT 0,
    processed      INTEGER NOT NULL DEFAULT 0,
    report_json    TEXT    NOT NULL DEFAULT '[]',
    message        TEXT    NOT NULL DEFAULT '',
    file_bytes     BLOB,
    actor_id       INTEGER,
    actor_name     TEXT    NOT NULL,
    scope_path     TEXT    NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX import_runs_kind ON import_runs(kind, id);

CREATE TABLE enterprise_merges (
    id              INTEGER PRIMARY KEY,
    kept_code       TEXT    NOT NULL,
    merged_code     TEXT    NOT NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    kept_before     TEXT    NOT NULL,
    merged_before   TEXT    NOT NULL,
    moved_json      TEXT    NOT NULL DEFAULT '{}',
    undone          BOOLEAN NOT NULL DEFAULT 0,
    actor_name      TEXT    NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE enterprise_proposals (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    payload_json    TEXT    NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'pending',
    proposed_by     TEXT    NOT NULL,
    decided_by      TEXT,
    decision_note   TEXT    NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX enterprise_proposals_status ON enterprise_proposals(status, enterprise_id);

-- "Recently updated" lists walk this index instead of sorting the table.
CREATE INDEX enterprises_updated ON enterprises(updated_at);
