-- Technology contracts (技术合同登记, SQLite): one row per registration in
-- the region that registered it; money in fen; anomaly flags (a JSON array
-- of codes) with the staff's review of them.

CREATE TABLE tech_contracts (
    id               INTEGER PRIMARY KEY,
    region_id        INTEGER NOT NULL REFERENCES regions(id),
    number           TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    title            TEXT    NOT NULL DEFAULT '',
    buyer_name       TEXT    NOT NULL,
    buyer_code       TEXT    NOT NULL DEFAULT '',
    buyer_area       TEXT    NOT NULL,
    seller_name      TEXT    NOT NULL,
    seller_code      TEXT    NOT NULL DEFAULT '',
    seller_area      TEXT    NOT NULL,
    amount_fen       INTEGER NOT NULL,
    tech_amount_fen  INTEGER NOT NULL,
    signed_on        TEXT    NOT NULL,
    achievement_id   INTEGER REFERENCES achievements(id) ON DELETE SET NULL,
    demand_id        INTEGER REFERENCES demands(id) ON DELETE SET NULL,
    flags            TEXT    NOT NULL DEFAULT '[]',
    review           TEXT    NOT NULL DEFAULT '',
    review_note      TEXT    NOT NULL DEFAULT '',
    created_by       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tech_contracts_number ON tech_contracts(number);
CREATE INDEX tech_contracts_region ON tech_contracts(region_id, signed_on);
CREATE INDEX tech_contracts_review ON tech_contracts(review);
