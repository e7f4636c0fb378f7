-- Technology market (SQLite): achievements (supply), demands, demand lists
-- pushed to institutions, the change sequence search indexes follow,
-- feedback on matches, and the in-app inbox. Lists (keywords, patents,
-- transfer modes, chain tags) are JSON arrays of text; money is fen.

CREATE TABLE achievements (
    id              INTEGER PRIMARY KEY,
    region_id       INTEGER NOT NULL REFERENCES regions(id),
    title           TEXT    NOT NULL,
    summary         TEXT    NOT NULL DEFAULT '',
    field           TEXT    NOT NULL DEFAULT '',
    keywords        TEXT    NOT NULL DEFAULT '[]',
    patents         TEXT    NOT NULL DEFAULT '[]',
    maturity        TEXT    NOT NULL DEFAULT '',
    trl             INTEGER,
    transfer_modes  TEXT    NOT NULL DEFAULT '[]',
    price_min_fen   INTEGER,
    price_max_fen   INTEGER,
    owner_kind      TEXT    NOT NULL DEFAULT '',
    owner_id        INTEGER,
    owner_name      TEXT    NOT NULL DEFAULT '',
    owner_code      TEXT    NOT NULL DEFAULT '',
    area            TEXT    NOT NULL DEFAULT 'local',
    chain_tags      TEXT    NOT NULL DEFAULT '[]',
    status          TEXT    NOT NULL DEFAULT 'draft',
    review_note     TEXT    NOT NULL DEFAULT '',
    published_on    TEXT,
    expires_on      TEXT,
    created_by      TEXT    NOT NULL,
    created_by_id   INTEGER,
    import_run_id   INTEGER,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX achievements_status ON achievements(status, id);
CREATE INDEX achievements_region ON achievements(region_id, id);
CREATE INDEX achievements_owner ON achievements(owner_kind, owner_id);
CREATE INDEX achievements_creator ON achievements(created_by_id);

CREATE TABLE demands (
    id              INTEGER PRIMARY KEY,
    region_id       INTEGER NOT NULL REFERENCES regions(id),
    enterprise_id   INTEGER REFERENCES enterprises(id) ON DELETE SET NULL,
    enterprise_name TEXT    NOT NULL DEFAULT '',
    enterprise_code TEXT    NOT NULL DEFAULT '',
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    expected        TEXT    NOT NULL DEFAULT '',
    field           TEXT    NOT NULL DEFAULT '',
    keywords        TEXT    NOT NULL DEFAULT '[]',
    budget_min_fen  INTEGER,
    budget_max_fen  INTEGER,
    deadline        TEXT,
    cooperation     TEXT    NOT NULL DEFAULT '',
    chain_tags      TEXT    NOT NULL DEFAULT '[]',
    status          TEXT    NOT NULL DEFAULT 'draft',
    published_on    TEXT,
    created_by      TEXT    NOT NULL,
    created_by_id   INTEGER,
    import_run_id   INTEGER,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX demands_status ON demands(status, id);
CREATE INDEX demands_region ON demands(region_id, id);
CREATE INDEX demands_enterprise ON demands(enterprise_code);
CREATE INDEX demands_creator ON demands(created_by_id);

-- Demand lists (需求清单) pushed by the bureau to universities and institutes.
CREATE TABLE demand_pushes (
    id              INTEGER PRIMARY KEY,
    demand_id       INTEGER NOT NULL REFERENCES demands(id) ON DELETE CASCADE,
    institution_id  INTEGER NOT NULL REFERENCES registry_records(id) ON DELETE CASCADE,
    note            TEXT    NOT NULL DEFAULT '',
    pushed_by       TEXT    NOT NULL,
    pushed_at       TEXT    NOT NULL,
    UNIQUE (demand_id, institution_id)
);
CREATE INDEX demand_pushes_institution ON demand_pushes(institution_id, demand_id);

-- Every change to a matchable item, in commit order: search indexes of all
-- instances follow it.
CREATE TABLE market_changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL,
    item_id         INTEGER NOT NULL,
    at              TEXT    NOT NULL
);

-- Users' judgement of a proposed match.
CREATE TABLE match_feedback (
    id              INTEGER PRIMARY KEY,
    username        TEXT    NOT NULL,
    from_kind       TEXT    NOT NULL,
    from_id         INTEGER NOT NULL,
    to_kind         TEXT    NOT NULL,
    to_id           INTEGER NOT NULL,
    useful          BOOLEAN NOT NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    rank            INTEGER,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    UNIQUE (username, from_kind, from_id, to_kind, to_id)
);

-- In-app inbox.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL DEFAULT '',
    link            TEXT    NOT NULL DEFAULT '',
    dedup_key       TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    read_at         TEXT,
    UNIQUE (user_id, dedup_key)
);
CREATE INDEX notifications_user ON notifications(user_id, id);

-- Saved searches with alerts: new published items matching them notify.
CREATE TABLE saved_searches (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    query           TEXT    NOT NULL,
    field           TEXT    NOT NULL DEFAULT '',
    alert           BOOLEAN NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL
);
CREATE INDEX saved_searches_kind ON saved_searches(kind, alert);
