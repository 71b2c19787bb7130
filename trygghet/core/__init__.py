"""Shared pieces below every feature: connection, queries, formatting, stats, geo, style, URL."""
