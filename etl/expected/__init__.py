"""Förväntat utifrån struktur (issue 20): each kommun's outcome against what its structure predicts.

`covariates` reads the model catalogue and builds the cross-section, `fit` is the statistics
(robust regression, leave-one-out expected values, prediction intervals), `build` is the refresh
step that writes the expected_* tables after the sources are loaded.
"""
