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
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX enterprises_region ON enterprises(region_id);
CREATE INDEX enterprises_name_norm ON enterprises(name_norm);
CREATE INDEX enterprises_industry ON enterprises(industry_code);

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
