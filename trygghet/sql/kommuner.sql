-- All kommuner (type K) with their län, for the sidebar picker.
SELECT municipality_id, municipality, region_id, region
FROM v_municipalities
WHERE municipality_type = 'K'
ORDER BY municipality
