"""Skolor: Skolverket's year-9 results per kommun and school."""
