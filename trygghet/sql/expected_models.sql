-- One row per modelled outcome: year, covariates, cross-validated R² and interval coverage,
-- with the indicator catalogue's label and unit.
SELECT m.outcome, i.label, i.unit, m.year, m.transform, m.method, m.covariates, m.n_kommuner,
       m.level, m.cv_r2, m.coverage, m.gives_verdict, m.who_covariate, m.cv_r2_with_who,
       m.coverage_with_who
FROM v_expected_model m
LEFT JOIN v_indicators i ON i.kpi_id = m.outcome
ORDER BY i.sort_order, m.outcome
