"""The Python that opens DuckDB itself (the floor, the benchmark's RFM SQL) uses the settings
of profiles.yml's `duckdb` target: the same options, environment variables and defaults."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
import yaml

from userops.duckdb_settings import PROJECT_DIR, duckdb_config

# Only the database moved: the spill directory follows it.
MOVED_DATABASE = {"USEROPS_DB": "/tmp/elsewhere/userops.duckdb"}
OVERRIDES = {
    "USEROPS_MEMORY_LIMIT": "1GB",
    "USEROPS_DUCKDB_THREADS": "1",
    "USEROPS_TEMP_DIR": "/tmp/userops_spill",
    "USEROPS_DB": "/tmp/elsewhere/userops.duckdb",
}


def profile_config_options(environ: dict[str, str]) -> dict[str, object]:
    """profiles.yml's duckdb `config_options`, rendered as dbt renders them."""
    template = jinja2.Template((PROJECT_DIR / "profiles.yml").read_text())
    rendered = template.render(env_var=lambda name, default="": environ.get(name, default))
    options = yaml.safe_load(rendered)["userops"]["outputs"]["duckdb"]["config_options"]
    options["threads"] = int(options["threads"])
    options["temp_directory"] = str(PROJECT_DIR / options["temp_directory"])
    return options


@pytest.mark.parametrize(
    "environ", [{}, MOVED_DATABASE, OVERRIDES], ids=["defaults", "moved-database", "overrides"]
)
def test_python_settings_match_the_profile(environ, monkeypatch):
    for name in OVERRIDES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    config = duckdb_config()
    config["temp_directory"] = str(PROJECT_DIR / Path(config["temp_directory"]))
    assert config == profile_config_options(environ)
    if "USEROPS_TEMP_DIR" not in environ:
        database = environ.get("USEROPS_DB", "data/userops.duckdb")
        assert config["temp_directory"] == str(PROJECT_DIR / f"{database}.tmp")
