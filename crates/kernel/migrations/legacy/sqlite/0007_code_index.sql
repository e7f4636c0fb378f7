-- A search by the beginning of a credit code (a county's prefix matches a
-- hundred thousand firms) counts its matches by region and merged status:
-- with both columns next to the code that count reads this index alone.
CREATE INDEX enterprises_code_scope ON enterprises(credit_code, region_id, merged_into);
