-- The kommuner of the län the notices are loaded for.
SELECT kommun_id, kommun
FROM polisen_kommun
WHERE county_id = $county
ORDER BY kommun
