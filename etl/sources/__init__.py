"""Sources: fetch only (HTTP or snapshot files); they return raw wire-format records."""
