"""The DuckDB settings of profiles.yml's `duckdb` target, for the Python that opens DuckDB
itself (the floor, the benchmark's RFM SQL), so it runs as the pipeline does.

The same environment variables and defaults as `config_options` in profiles.yml; the test
suite checks that the two agree (tests/test_duckdb_settings.py).
"""

from __future__ import annotations

import os

from userops import PROJECT_DIR


def database_path() -> str:
    """profiles.yml's `path` of the DuckDB database: env USEROPS_DB, else data/userops.duckdb
    in the project (a relative USEROPS_DB is relative to the working directory, as for dbt run
    from the project root)."""
    return os.environ.get("USEROPS_DB", str(PROJECT_DIR / "data" / "userops.duckdb"))


def duckdb_config() -> dict[str, object]:
    """profiles.yml's `config_options`, rendered from the environment."""
    return {
        "memory_limit": os.environ.get("USEROPS_MEMORY_LIMIT", "4GB"),
        "threads": int(os.environ.get("USEROPS_DUCKDB_THREADS", "2")),
        "temp_directory": os.environ.get("USEROPS_TEMP_DIR", database_path() + ".tmp"),
        "preserve_insertion_order": False,
    }
