-- The schema of the registry of innovation actors: enterprises, their facts and certificates, other records, import runs, merges and proposals (SQLite).
-- Baseline of the migrations before capabilities owned their schemas
-- (0001-0021, kept in crates/kernel/migrations/legacy for databases made
-- by earlier releases); later changes go in new files of this folder.

-- Registry of innovation actors, part 1 (SQLite): enterprises keyed by the
-- unified social credit code, their yearly facts and their certificates.
-- The tier is derived from valid certificates and never stored. Money in fen.
CREATE TABLE enterprises (
    id               INTEGER PRIMARY KEY,
    credit_code      TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL,
    name_norm        TEXT    NOT NULL,
    former_names     TEXT    NOT NULL DEFAULT '[]',
    region_id        INTEGER NOT NULL REFERENCES regions(id),
    address          TEXT    NOT NULL DEFAULT '',
    industry_code    TEXT    NOT NULL DEFAULT '',
    industry_name    TEXT    NOT NULL DEFAULT '',
    chain_tags       TEXT    NOT NULL DEFAULT '[]',
    founded_on       TEXT,
    listed           BOOLEAN NOT NULL DEFAULT 0,
    listing_reserve  BOOLEAN NOT NULL DEFAULT 0,
    contact_name     TEXT    NOT NULL DEFAULT '',
    contact_phone    TEXT    NOT NULL DEFAULT '',
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    size TEXT NOT NULL DEFAULT '',
    above_scale_industrial BOOLEAN NOT NULL DEFAULT 0,
    legal_representative TEXT NOT NULL DEFAULT '',
    import_run_id INTEGER,
    merged_into INTEGER
);
CREATE INDEX enterprises_region ON enterprises(region_id);
-- "Recently updated" lists walk this index instead of sorting the table.
CREATE INDEX enterprises_updated ON enterprises(updated_at);
CREATE INDEX enterprises_name_norm ON enterprises(name_norm, id, region_id, merged_into);
-- A search by the beginning of a credit code (a county's prefix matches a
-- hundred thousand firms) counts its matches by region and merged status:
-- with both columns next to the code that count reads this index alone.
CREATE INDEX enterprises_code_scope ON enterprises(credit_code, region_id, merged_into);

CREATE TABLE enterprise_facts (
    id                        INTEGER PRIMARY KEY,
    enterprise_id             INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    year                      INTEGER NOT NULL,
    employees                 INTEGER NOT NULL,
    st_staff                  INTEGER NOT NULL,
    revenue_fen               INTEGER NOT NULL,
    high_tech_revenue_fen     INTEGER NOT NULL,
    rd_expense_fen            INTEGER NOT NULL,
    rd_expense_in_china_fen   INTEGER NOT NULL,
    total_assets_fen          INTEGER NOT NULL,
    net_assets_fen            INTEGER NOT NULL,
    invention_patents         INTEGER NOT NULL,
    utility_models            INTEGER NOT NULL,
    software_copyrights       INTEGER NOT NULL,
    pct_applications          INTEGER NOT NULL,
    created_at                TEXT    NOT NULL,
    updated_at                TEXT    NOT NULL,
    version                   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (enterprise_id, year)
);

CREATE TABLE certificates (
    id             INTEGER PRIMARY KEY,
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL,
    number         TEXT    NOT NULL,
    issued_on      TEXT    NOT NULL,
    expires_on     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (kind, number)
);
CREATE INDEX certificates_enterprise ON certificates(enterprise_id);
CREATE INDEX certificates_kind_expiry ON certificates(kind, expires_on);

-- Registry of innovation actors, part 2 (SQLite): the actors other than
-- enterprises (innovation platforms, experts, universities and research
-- institutes, service agencies, investors) in one table keyed by (kind, code).
-- The kind is checked by the application, so a new kind needs no migration.
-- Kind-specific public fields are a JSON object in `attrs`, private contact
-- fields a JSON object in `contact`; chain tags a JSON array of text.
CREATE TABLE registry_records (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL,
    code           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    name_norm      TEXT    NOT NULL,
    region_id      INTEGER NOT NULL REFERENCES regions(id),
    category       TEXT    NOT NULL DEFAULT '',
    level          TEXT    NOT NULL DEFAULT '',
    area           TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL DEFAULT '',
    chain_tags     TEXT    NOT NULL DEFAULT '[]',
    host_code      TEXT    NOT NULL DEFAULT '',
    attrs          TEXT    NOT NULL DEFAULT '{}',
    contact        TEXT    NOT NULL DEFAULT '{}',
    import_run_id  INTEGER,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (kind, code)
);
CREATE INDEX registry_records_region ON registry_records(kind, region_id);
CREATE INDEX registry_records_name_norm ON registry_records(kind, name_norm);
CREATE INDEX registry_records_category ON registry_records(kind, category, level);

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
