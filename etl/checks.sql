-- Invariants a staged DB must meet before it replaces the live file.
-- Each query counts violating rows; any count above zero fails the run with the check's name.

-- name: Kolada values that are null without a status
SELECT count(*) FROM kolada_value WHERE value IS NULL AND status IS NULL;

-- name: Kolada values that carry both a number and a status
SELECT count(*) FROM kolada_value WHERE value IS NOT NULL AND status IS NOT NULL;

-- name: Skolverket school values whose number disagrees with value_type
SELECT count(*) FROM skolverket_school_stat WHERE (value IS NULL) = (value_type = 'EXISTS');

-- name: Skolverket report values that are both a number and flagged
SELECT count(*) FROM skolverket_kommun_result WHERE value IS NOT NULL AND value_flag IS NOT NULL;

-- name: Polisen notices without a current version
SELECT count(*) FROM polisen_notice n
WHERE NOT EXISTS (SELECT 1 FROM polisen_notice_version v WHERE v.id = n.id);
