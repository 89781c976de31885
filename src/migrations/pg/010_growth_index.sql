-- 010_growth_index: officer pages read median growth percentiles per org.
CREATE INDEX growth_median_org ON growth_median(org_id, year_id);
