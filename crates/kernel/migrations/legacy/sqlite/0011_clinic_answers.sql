-- The innovation clinic's questions the registry cannot answer from figures
-- (field, commercialisations, R&D management, violations, standards), as
-- answered by the firm or by staff: one JSON object per enterprise, audited.
CREATE TABLE clinic_answers (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL UNIQUE REFERENCES enterprises(id) ON DELETE CASCADE,
    answers_json    TEXT    NOT NULL,
    answered_by     TEXT    NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
