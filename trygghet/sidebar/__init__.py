"""The shared sidebar: kommun, comparison and years, bound to the URL."""
