# userops: `make demo` to see it work, `make test` to check it. Both set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SIZE ?= small
BENCH_SIZES ?= medium
BENCH_ENGINES_SIZE ?= medium
DATA_DIR := data/demo
EXPORT_DIR ?= $(or $(USEROPS_EXPORT_DIR),data/exports)
DOCS_PORT ?= 8080
METRICS ?= mau,monthly_active_rate,new_user_retention_rate,old_user_retention_rate,wake_rate,win_back_rate,revenue,arpu

export USEROPS_DB ?= data/userops.duckdb
export DBT_PROFILES_DIR := $(CURDIR)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help setup engines engine-packages data build show report export semantic demo lint format test chromium bench bench-engines docs clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

setup: $(BIN)/.installed  ## Create .venv from the pinned requirements

# The optional engines: Postgres and Spark adapters (pyspark is large, so not in `setup`),
# and the Debian packages they need on this machine (server binaries, Java).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(BIN)/.engines: $(BIN)/.installed requirements-engines.txt constraints-engines.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-engines.txt \
		-c constraints.txt -c constraints-engines.txt
	touch $@

engine-packages:  ## Install Debian's postgresql and default-jre-headless when missing
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v java >/dev/null; then \
		echo "postgresql and java: present"; \
	else \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install \
			-y -qq --no-install-recommends postgresql default-jre-headless; \
	fi

engines: $(BIN)/.engines engine-packages  ## Install what the postgres and spark targets need

data: setup  ## Generate the demo data (SIZE=tiny|small|medium|large, default small)
	$(BIN)/python -m userops.generate --size $(SIZE) --out $(DATA_DIR)

$(DATA_DIR)/subscriptions.parquet:
	$(MAKE) data

build: setup $(DATA_DIR)/subscriptions.parquet  ## dbt build: every model, unit test and data test
	$(BIN)/dbt build

show: setup  ## Print the latest months' lifecycle counts and rates
	$(BIN)/python -m userops.show

report: setup  ## Write the HTML report of the built marts to reports/userops_report.html
	$(BIN)/python -m userops.report

demo: setup data build show report export  ## Set up, generate demo data, build and test on DuckDB, show the result, write the report and exports

lint: setup $(DATA_DIR)/subscriptions.parquet  ## ruff and sqlfluff
	$(BIN)/ruff check userops tests
	$(BIN)/ruff format --check userops tests README.md
	@# On an empty database, so the models are linted as a fresh clone renders them
	@# (is_incremental() is false), whatever the working database holds.
	rm -f data/.lint.duckdb && USEROPS_DB=data/.lint.duckdb $(BIN)/sqlfluff lint models tests/singular

format: setup  ## Format Python with ruff and fix SQL with sqlfluff
	$(BIN)/ruff format userops tests README.md
	$(BIN)/sqlfluff fix models tests/singular

test: lint chromium engines  ## Lint, then every dbt and Python test (DuckDB, Postgres and Spark)
	$(BIN)/pytest

chromium:  ## Install Debian's Chromium (for the report's browser test) when it is missing
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) env \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

bench: setup  ## Time the pipeline on generated data (BENCH_SIZES=small,medium,large)
	$(BIN)/python -m userops.bench --sizes $(BENCH_SIZES)

bench-engines: engines  ## The same build on DuckDB, Postgres and Spark, side by side (BENCH_ENGINES_SIZE=medium)
	$(BIN)/python -m userops.bench_engines --size $(BENCH_ENGINES_SIZE)

docs: build  ## Generate and serve the dbt docs (DOCS_PORT=8080)
	$(BIN)/dbt docs generate
	$(BIN)/dbt docs serve --port $(DOCS_PORT)

export: setup  ## Export every mart to Parquet in data/exports (EXPORT_DIR) for BI tools
	$(BIN)/python -m userops.export --out $(EXPORT_DIR)

semantic: build  ## Validate the MetricFlow semantic layer and query its metrics by month
	$(BIN)/mf validate-configs
	$(BIN)/mf query --metrics $(METRICS) --group-by metric_time__month --order metric_time__month

clean:  ## Remove the virtualenv, generated data and dbt artifacts
	rm -rf $(VENV) target logs dbt_packages data/demo data/exports data/*.duckdb data/*.duckdb.tmp data/.duckdb_tmp data/spark .pytest_cache
