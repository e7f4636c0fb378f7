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
