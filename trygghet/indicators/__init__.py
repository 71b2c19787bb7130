"""Indicator pages (Brott, Trygghet, Skola, Unga & fritid), the overview cards and Om data."""
