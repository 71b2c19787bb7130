"""Förväntat utifrån struktur: a kommun's outcome against what kommuner like it in structure have.

The model is fitted by the ETL (etl/expected/); this feature only reads its v_expected* views.
"""
