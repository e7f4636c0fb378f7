-- The schema of the technology market: achievements, demands, pushes, the change sequence, feedback, saved searches, contracts and challenges (SQLite).
-- Baseline of the migrations before capabilities owned their schemas
-- (0001-0021, kept in crates/kernel/migrations/legacy for databases made
-- by earlier releases); later changes go in new files of this folder.

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
-- Listings due to expire are found through this index alone, without reading
-- every published achievement.
CREATE INDEX achievements_expiry ON achievements(status, expires_on);
CREATE INDEX achievements_owner_name ON achievements(owner_name);

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
CREATE INDEX demands_enterprise_name ON demands(enterprise_name);

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

-- 揭榜挂帅 challenges (SQLite): the listed task, the bids of teams, the
-- reviewers' scores with reasons, and the winner's milestones.
CREATE TABLE challenges (
    id              INTEGER PRIMARY KEY,
    region_id       INTEGER NOT NULL REFERENCES regions(id),
    title           TEXT    NOT NULL,
    task            TEXT    NOT NULL,
    requirements    TEXT    NOT NULL DEFAULT '',
    field           TEXT    NOT NULL DEFAULT '',
    reward_fen      INTEGER NOT NULL,
    deadline        TEXT    NOT NULL,
    issuer_kind     TEXT    NOT NULL,
    issuer_name     TEXT    NOT NULL,
    issuer_code     TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'draft',
    winning_bid_id  INTEGER,
    created_by      TEXT    NOT NULL,
    created_by_id   INTEGER,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX challenges_status ON challenges(status, id);

CREATE TABLE challenge_bids (
    id              INTEGER PRIMARY KEY,
    challenge_id    INTEGER NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    team_name       TEXT    NOT NULL,
    team_kind       TEXT    NOT NULL,
    team_code       TEXT    NOT NULL DEFAULT '',
    proposal        TEXT    NOT NULL,
    budget_fen      INTEGER NOT NULL,
    months          INTEGER NOT NULL,
    bidder          TEXT    NOT NULL,
    bidder_id       INTEGER,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (challenge_id, bidder)
);

CREATE TABLE challenge_reviews (
    id              INTEGER PRIMARY KEY,
    bid_id          INTEGER NOT NULL REFERENCES challenge_bids(id) ON DELETE CASCADE,
    reviewer        TEXT    NOT NULL,
    score           INTEGER NOT NULL,
    reason          TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    UNIQUE (bid_id, reviewer)
);

CREATE TABLE challenge_milestones (
    id              INTEGER PRIMARY KEY,
    challenge_id    INTEGER NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    title           TEXT    NOT NULL,
    due_on          TEXT    NOT NULL,
    done_on         TEXT,
    note            TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE INDEX challenge_milestones_challenge ON challenge_milestones(challenge_id, due_on);


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
    version          INTEGER NOT NULL DEFAULT 1,
    challenge_id INTEGER REFERENCES challenges(id) ON DELETE SET NULL
);
CREATE INDEX tech_contracts_number ON tech_contracts(number);
CREATE INDEX tech_contracts_region ON tech_contracts(region_id, signed_on);
CREATE INDEX tech_contracts_review ON tech_contracts(review);
CREATE INDEX tech_contracts_challenge ON tech_contracts(challenge_id);
