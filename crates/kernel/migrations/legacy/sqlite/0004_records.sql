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
