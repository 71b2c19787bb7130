"""Översikt: one card per theme with its verdict, the summary sentence and the rule."""
