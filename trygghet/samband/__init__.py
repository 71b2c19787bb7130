"""Samband: indicators over time, across kommuner and as changes."""
