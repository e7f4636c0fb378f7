-- Counters that limit something (failed sign-ins per account and per
-- address, ...): one row per key and fixed window, updated in one statement
-- so concurrent requests cannot get around the limit.
CREATE TABLE rate_limits (
    key            TEXT   PRIMARY KEY,
    window_started BIGINT NOT NULL,
    used           BIGINT NOT NULL
);
