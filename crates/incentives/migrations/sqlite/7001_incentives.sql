-- The schema of incentives (政策兑现) (SQLite): which rule sets a city
-- applies, the parameters it set, the rule versions computed under, the
-- events rules ran on, the entitlements found or approved, applications with
-- their decisions and attachments, budgets and payment batches. Money in fen;
-- dates ISO text.

-- A rule set a city applies (施行), over the period it applies it: the
-- document's own, or one the city extended or adopted by its own notice.
-- `mode` is in_force (pays) or preview (a draft: cost previews only).
CREATE TABLE incentive_enactments (
    id           INTEGER PRIMARY KEY,
    region_id    INTEGER NOT NULL REFERENCES regions(id),
    set_id       TEXT    NOT NULL,
    mode         TEXT    NOT NULL,
    period_from  TEXT    NOT NULL,
    period_to    TEXT    NOT NULL,
    notice       TEXT    NOT NULL DEFAULT '',
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (region_id, set_id)
);

-- A number a text leaves to the bureau ("按一定比例"), as a city set it.
CREATE TABLE incentive_parameters (
    region_id   INTEGER NOT NULL REFERENCES regions(id),
    set_id      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    set_by      TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, set_id, name)
);

-- Every version of every rule anything was computed under, as the file was:
-- what a replay reads.
CREATE TABLE incentive_rule_versions (
    rule_id      TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    set_id       TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    recorded_at  TEXT    NOT NULL,
    PRIMARY KEY (rule_id, version)
);

-- What happened to whom: a certificate or platform read from the registry,
-- a loan or investment recorded by staff, an approved application.
-- (source, source_ref) makes recording idempotent.
CREATE TABLE incentive_events (
    id            INTEGER PRIMARY KEY,
    region_id     INTEGER NOT NULL REFERENCES regions(id),
    kind          TEXT    NOT NULL,
    occurred_on   TEXT    NOT NULL,
    subject_code  TEXT    NOT NULL,
    subject_name  TEXT    NOT NULL,
    facts         TEXT    NOT NULL DEFAULT '{}',
    source        TEXT    NOT NULL,
    source_ref    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    UNIQUE (source, source_ref)
);
CREATE INDEX incentive_events_subject ON incentive_events(subject_code);
CREATE INDEX incentive_events_region ON incentive_events(region_id, kind);

-- What a subject is entitled to under one rule version. `once_key` is the
-- subject for once-per-subject rules and subject:event otherwise, so a rule
-- never pays twice what it pays once. `status` follows
-- crate::workflow::EntitlementStatus.
CREATE TABLE incentive_entitlements (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES incentive_events(id),
    rule_id         TEXT    NOT NULL,
    rule_version    INTEGER NOT NULL,
    set_id          TEXT    NOT NULL,
    region_id       INTEGER NOT NULL REFERENCES regions(id),
    subject_code    TEXT    NOT NULL,
    subject_name    TEXT    NOT NULL,
    once_key        TEXT    NOT NULL,
    stacking        TEXT    NOT NULL DEFAULT '',
    year            INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    amount_fen      INTEGER NOT NULL,
    city_fen        INTEGER NOT NULL,
    county_fen      INTEGER NOT NULL,
    province_fen    INTEGER NOT NULL,
    upper_bound     BOOLEAN NOT NULL,
    lower_bound     BOOLEAN NOT NULL,
    years           INTEGER NOT NULL,
    derivation      TEXT    NOT NULL,
    pending_on      TEXT    NOT NULL DEFAULT '',
    params          TEXT    NOT NULL DEFAULT '{}',
    application_id  INTEGER,
    approved_fen    INTEGER,
    bank_name       TEXT    NOT NULL DEFAULT '',
    bank_account    TEXT    NOT NULL DEFAULT '',
    batch_id        INTEGER,
    payment_ref     TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    told_at         TEXT,
    confirmed_at    TEXT,
    approved_at     TEXT,
    paid_at         TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (rule_id, once_key)
);
CREATE INDEX incentive_entitlements_subject ON incentive_entitlements(subject_code, status);
CREATE INDEX incentive_entitlements_funnel ON incentive_entitlements(set_id, region_id, rule_id, status);
CREATE INDEX incentive_entitlements_batch ON incentive_entitlements(batch_id);

-- An application for what data cannot decide; `status` follows
-- crate::workflow::ApplicationStatus.
CREATE TABLE incentive_applications (
    id              INTEGER PRIMARY KEY,
    rule_id         TEXT    NOT NULL,
    set_id          TEXT    NOT NULL,
    region_id       INTEGER NOT NULL REFERENCES regions(id),
    subject_code    TEXT    NOT NULL,
    subject_name    TEXT    NOT NULL,
    occurred_on     TEXT    NOT NULL,
    facts           TEXT    NOT NULL DEFAULT '{}',
    requested_fen   INTEGER NOT NULL,
    statement       TEXT    NOT NULL DEFAULT '',
    bank_name       TEXT    NOT NULL DEFAULT '',
    bank_account    TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL,
    entitlement_id  INTEGER,
    created_by      TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incentive_applications_subject ON incentive_applications(subject_code);
CREATE INDEX incentive_applications_region ON incentive_applications(region_id, status);

-- Each decision on an application: step (county, city), decision and reason.
CREATE TABLE incentive_decisions (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES incentive_applications(id),
    step            TEXT    NOT NULL,
    decision        TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    amount_fen      INTEGER,
    decided_by      TEXT    NOT NULL,
    decided_at      TEXT    NOT NULL
);
CREATE INDEX incentive_decisions_application ON incentive_decisions(application_id);

CREATE TABLE incentive_attachments (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES incentive_applications(id),
    file_name       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT    NOT NULL,
    bytes           BLOB    NOT NULL,
    uploaded_by     TEXT    NOT NULL,
    uploaded_at     TEXT    NOT NULL
);
CREATE INDEX incentive_attachments_application ON incentive_attachments(application_id);

-- A budget line's money for one year and one funder's region (the city's
-- part at the city, a county's part at the county). committed includes paid.
CREATE TABLE incentive_budgets (
    id             INTEGER PRIMARY KEY,
    region_id      INTEGER NOT NULL REFERENCES regions(id),
    set_id         TEXT    NOT NULL,
    line           TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    amount_fen     INTEGER NOT NULL,
    committed_fen  INTEGER NOT NULL DEFAULT 0,
    paid_fen       INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (region_id, set_id, line, year),
    CHECK (committed_fen <= amount_fen AND paid_fen <= committed_fen AND paid_fen >= 0)
);

-- A payment batch sent to the finance bureau as a sheet, settled from the
-- sheet it sends back.
CREATE TABLE incentive_batches (
    id           INTEGER PRIMARY KEY,
    region_id    INTEGER NOT NULL REFERENCES regions(id),
    status       TEXT    NOT NULL,
    items        INTEGER NOT NULL,
    total_fen    INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    settled_at   TEXT,
    version      INTEGER NOT NULL DEFAULT 1
);

-- Commitments of an entitlement against budgets: one row per budget.
CREATE TABLE incentive_commitments (
    entitlement_id  INTEGER NOT NULL REFERENCES incentive_entitlements(id),
    budget_id       INTEGER NOT NULL REFERENCES incentive_budgets(id),
    amount_fen      INTEGER NOT NULL,
    PRIMARY KEY (entitlement_id, budget_id)
);
