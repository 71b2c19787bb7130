-- Every kommun's observed and expected value with its 95 % interval, for one outcome (issue 20).
SELECT municipality_id, municipality, year, observed, expected, lower, upper, residual,
       position, verdict, expected_with_who, lower_with_who, upper_with_who, position_with_who
FROM v_expected
WHERE outcome = $outcome
ORDER BY municipality_id
