-- Covering indexes for the sums indicators form over the whole registry
-- (R&D spending and patents by county and year, certificates held on a
-- day, above-scale firms): each is read from an index alone, without a
-- visit to the wide enterprise rows.
CREATE INDEX enterprise_facts_sums ON enterprise_facts(enterprise_id, year, rd_expense_fen, invention_patents);
CREATE INDEX enterprises_region_scan ON enterprises(region_id, merged_into, id);
CREATE INDEX enterprises_region_of ON enterprises(id, region_id, merged_into);
CREATE INDEX certificates_kind_span ON certificates(kind, expires_on, enterprise_id, issued_on);
CREATE INDEX enterprises_above_scale ON enterprises(region_id, credit_code)
    WHERE above_scale_industrial = TRUE AND merged_into IS NULL;

-- The planner reads these only once statistics know them.
ANALYZE;
