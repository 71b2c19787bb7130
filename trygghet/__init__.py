"""Read side of the dashboard: DB connection, queries, chart builders and formatting."""
