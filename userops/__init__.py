"""userops: the Python around the dbt project (demo data, benchmark, report, exports)."""

from pathlib import Path

# The dbt project's root (dbt_project.yml, profiles.yml), one level above this package.
PROJECT_DIR = Path(__file__).resolve().parent.parent


def missing_tables(con, tables: list[str]) -> list[str]:
    """Those of `tables` ("schema.name", tables or views) that the DuckDB connection lacks:
    what a reader of the built models checks first, so that a half-built database gets a
    message instead of a catalog error."""
    found = {
        f"{schema}.{name}"
        for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    return [table for table in tables if table not in found]
