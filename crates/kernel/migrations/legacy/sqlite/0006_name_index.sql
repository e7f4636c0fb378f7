-- Lists in name order filter on the region and on merged records, and their
-- counts look at nothing else: with the id (the tie-break of the order) and
-- both columns in the name index, a page at any depth and its count are
-- answered from the index without reading the rows they skip.
DROP INDEX enterprises_name_norm;
CREATE INDEX enterprises_name_norm ON enterprises(name_norm, id, region_id, merged_into);
