"""Händelser: Polisen's event notices by time and place."""
