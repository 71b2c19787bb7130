"""Transforms: pure functions from raw wire-format records to typed rows."""
