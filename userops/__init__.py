"""userops: the Python around the dbt project (demo data, benchmark, report, exports)."""

from pathlib import Path

# The dbt project's root (dbt_project.yml, profiles.yml), one level above this package.
PROJECT_DIR = Path(__file__).resolve().parent.parent
