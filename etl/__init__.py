"""ETL: fetch public sources, transform them, and load one DuckDB file."""
