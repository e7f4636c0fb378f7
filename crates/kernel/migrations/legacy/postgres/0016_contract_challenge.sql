-- A technology contract may come out of a 揭榜挂帅 challenge (PostgreSQL).
ALTER TABLE tech_contracts ADD COLUMN challenge_id BIGINT REFERENCES challenges(id) ON DELETE SET NULL;
CREATE INDEX tech_contracts_challenge ON tech_contracts(challenge_id);
