-- Credit files (诚信档案) and the blacklist (sqlite): one row per record about a
-- unit (by credit code and name) or a person or team (by name), kept by the
-- region that recorded it. Dates are ISO text; a record is lifted rather than
-- deleted, so the file keeps its history.

CREATE TABLE credit_records (
    id              INTEGER PRIMARY KEY,
    region_id       INTEGER NOT NULL REFERENCES regions(id),
    subject_kind    TEXT    NOT NULL,
    subject_name    TEXT    NOT NULL,
    subject_code    TEXT    NOT NULL DEFAULT '',
    name_norm       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    basis           TEXT    NOT NULL DEFAULT '',
    document_no     TEXT    NOT NULL DEFAULT '',
    decided_on      TEXT    NOT NULL,
    until           TEXT,
    lifted_on       TEXT,
    lift_reason     TEXT    NOT NULL DEFAULT '',
    lifted_by       TEXT    NOT NULL DEFAULT '',
    created_by      TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX credit_records_code ON credit_records(subject_code);
CREATE INDEX credit_records_name ON credit_records(name_norm);
CREATE INDEX credit_records_region ON credit_records(region_id, kind, decided_on);
