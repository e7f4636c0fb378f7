-- The schema of indicators (SQLite): figures entered with their source
-- (GDP, population, fiscal S&T spending), one per region, year and
-- indicator; and named groups of counties (a demonstration zone's four
-- counties) that figures can be formed for. Counted figures are not stored:
-- they are computed from the records each time.
CREATE TABLE indicator_inputs (
    id          INTEGER PRIMARY KEY,
    region_id   INTEGER NOT NULL REFERENCES regions(id),
    year        INTEGER NOT NULL,
    indicator   TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    entered_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (region_id, year, indicator)
);

CREATE TABLE indicator_groups (
    id          INTEGER PRIMARY KEY,
    region_id   INTEGER NOT NULL REFERENCES regions(id),
    name        TEXT    NOT NULL,
    members     TEXT    NOT NULL DEFAULT '[]',
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (region_id, name)
);
