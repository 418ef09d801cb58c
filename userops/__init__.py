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


def unreadable_database(db, error: Exception) -> str:
    """The message for a database DuckDB cannot open or read (`error`, a duckdb.Error): most
    often one that a running `dbt build` holds, or a file that is not a DuckDB database."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    hint = (
        " Another process holds it (a `dbt build` still running?): try again when it has finished."
        if "lock" in first_line.lower()
        else ""
    )
    return f"userops: cannot read the database at {db}: {first_line.rstrip('.!')}.{hint}"
