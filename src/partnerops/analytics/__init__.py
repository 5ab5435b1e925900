"""Analytics over the store: attribution tiers, KPIs and statistics, vectorised with Polars and DuckDB."""
