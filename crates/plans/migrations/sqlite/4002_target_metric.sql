-- A target can be bound to a figure a capability computes from its records
-- (its key, e.g. 'incentives.paid'); empty when the target is judged on
-- typed-in reports.
ALTER TABLE plan_targets ADD COLUMN metric TEXT NOT NULL DEFAULT '';
