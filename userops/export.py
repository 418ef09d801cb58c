"""Export every mart to Parquet for BI tools (Superset, Metabase, Power BI, Evidence).

    python -m userops.export [--db data/userops.duckdb] [--out data/exports] [--schema marts]

Folder layout (`--out`, default `data/exports`, env `USEROPS_EXPORT_DIR`):

    data/exports/
        manifest.json                 what was exported, when, and how many rows each file has
        fct_user_months.parquet       one file per table of the `marts` schema, named after
        mart_lifecycle_monthly.parquet    the dbt model, columns and types as in DuckDB
        ...

`manifest.json` holds `exported_at` (UTC), `database`, `database_modified_at` (UTC; when the
build last wrote the DuckDB file), `reporting_month_start` (the newest month of
mart_lifecycle_monthly) and, per table, its `file`, `rows` (counted in the written Parquet
file) and `columns` (name -> Arrow type of the Parquet column).

Readers never see a half-written file: each table is first written to a hidden temporary file
in the same folder (`.<model>.parquet.<pid>.tmp`), and only when every table has been written
are they moved over the old files with `os.replace` (atomic on one file system), then the
manifest the same way. An export that fails or is interrupted leaves the previous files and
manifest as they were (a hard kill can leave a hidden `.tmp` file behind: safe to delete).
A reader may see a new table next to an old one only during the moment the files are being
swapped; `manifest.json` is always written last.

The database is opened read-only, so the export never takes the DuckDB writer lock and can run
beside other readers; it closes the database before the files are swapped. (A read-only
connection still cannot open a file that a `dbt build` is writing at that moment: run the
export after the build, as `make demo` does.) Tables that a previous export wrote and that no
longer exist are removed with the next export.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from userops.duckdb_settings import database_path

MANIFEST = "manifest.json"


def _utc(timestamp: float | None = None) -> str:
    moment = datetime.now(UTC) if timestamp is None else datetime.fromtimestamp(timestamp, UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def mart_tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """The tables and views of the schema, by name."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1",
        [schema],
    ).fetchall()
    return [name for (name,) in rows]


def write_parquet(con: duckdb.DuckDBPyConnection, schema: str, table: str, path: Path) -> None:
    """Write one table to a Parquet file (zstd-compressed)."""
    target = str(path).replace("'", "''")
    con.execute(
        f'copy (select * from "{schema}"."{table}") to \'{target}\' '
        "(format parquet, compression zstd)"
    )


def _write_atomically(path: Path, text: str) -> None:
    temporary = _temporary(path)
    try:
        temporary.write_text(text)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _previous_files(out_dir: Path) -> set[str]:
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text())
        return {entry["file"] for entry in manifest["tables"].values()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def export(database: str | Path, out_dir: str | Path, schema: str = "marts") -> dict:
    """Export every table of `schema` to `out_dir`/<table>.parquet; returns the manifest."""
    database, out_dir = Path(database), Path(out_dir)
    if not database.exists():
        raise FileNotFoundError(f"userops: no database at {database}; run `make build` first.")
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: dict[str, Path] = {}
    tables: dict[str, dict] = {}
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            names = mart_tables(con, schema)
            if not names:
                raise RuntimeError(f"userops: schema {schema!r} in {database} has no tables.")
            for name in names:
                final = out_dir / f"{name}.parquet"
                staged[name] = _temporary(final)
                write_parquet(con, schema, name, staged[name])
                written = pq.ParquetFile(staged[name])
                tables[name] = {
                    "file": final.name,
                    "rows": written.metadata.num_rows,
                    "columns": {f.name: str(f.type) for f in written.schema_arrow},
                }
            reporting_month = None
            if "mart_lifecycle_monthly" in names:
                reporting_month = con.execute(
                    f'select max(month_start) from "{schema}".mart_lifecycle_monthly'
                ).fetchone()[0]
        # The database is closed: swap the finished files in, then the manifest.
        for name, temporary in staged.items():
            os.replace(temporary, out_dir / tables[name]["file"])
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
    manifest = {
        "exported_at": _utc(),
        "database": str(database),
        "database_modified_at": _utc(database.stat().st_mtime),
        "schema": schema,
        "reporting_month_start": reporting_month.isoformat() if reporting_month else None,
        "tables": tables,
    }
    stale = _previous_files(out_dir) - {entry["file"] for entry in tables.values()}
    _write_atomically(out_dir / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    for file_name in stale:
        (out_dir / Path(file_name).name).unlink(missing_ok=True)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=database_path())
    parser.add_argument(
        "--out", default=os.environ.get("USEROPS_EXPORT_DIR", "data/exports"), type=Path
    )
    parser.add_argument("--schema", default="marts")
    args = parser.parse_args(argv)
    try:
        manifest = export(args.db, args.out, args.schema)
    except (FileNotFoundError, RuntimeError, duckdb.Error) as error:
        print(error, file=sys.stderr)
        return 1
    rows = sum(entry["rows"] for entry in manifest["tables"].values())
    print(
        f"Exported {len(manifest['tables'])} tables ({rows:,} rows) from {args.db} "
        f"to {args.out}/ (manifest: {args.out / MANIFEST})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
