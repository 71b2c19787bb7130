-- The full-sample robust fit's coefficients per outcome, with and without the "who" covariate.
SELECT outcome, variant, term, coef, se, sd, per_sd
FROM v_expected_coef
ORDER BY outcome, variant, term
