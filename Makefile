# Gonghui: `make demo` runs the product on SQLite with demo data; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint messages clean-demo bench-http ingest-eval bench loadtest

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	mkdir -p var
	DEBUG=true $(BIN)/gonghui migrate --noinput
	DEBUG=true $(BIN)/gonghui collectstatic --noinput --verbosity 0
	DEBUG=true $(BIN)/gonghui load-demo
	DEBUG=true $(BIN)/gonghui runserver --noreload $(HOST):$(PORT)

test: $(STAMP)
	mkdir -p var
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

# Recompile the translations after editing src/gonghui/locale/*/LC_MESSAGES/django.po
messages: $(STAMP)
	$(BIN)/python -m gonghui.core.compile_messages

clean-demo:
	rm -f var/gonghui.sqlite3 var/gonghui.sqlite3-wal var/gonghui.sqlite3-shm

# Start gunicorn on loopback with the demo and print requests/s and p50/p95/p99 (bench/bench_http.py)
bench-http: $(STAMP)
	PYTHONPATH=src $(BIN)/python bench/bench_http.py $(BENCH_ARGS)

# Precision and recall of the ingest parser on the gold annotations (bench/ingest_eval.py)
ingest-eval:
	PYTHONPATH=src $(BIN)/python bench/ingest_eval.py $(EVAL_ARGS)

# Generate synthetic data (var/bench_$(SCALE).sqlite3, or gonghui_bench_$(SCALE) on
# DATABASE_URL's PostgreSQL) and print p50/p95 of the reading pages (bench/bench_pages.py)
SCALE ?= county
bench: $(STAMP)
	PYTHONPATH=src $(BIN)/python bench/bench_pages.py --scale $(SCALE) $(BENCH_ARGS)

# 50 simulated officers and reviewers (Locust) for LOAD_SECONDS against gunicorn on its own
# PostgreSQL database (gonghui_load on DATABASE_URL's server or 127.0.0.1:5432), the
# no-lost-update check, then the PostgreSQL stop/restart fault test on a private cluster
LOAD_SECONDS ?= 300
LOAD_STAMP := $(VENV)/.load-stamp
$(LOAD_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,load]'
	touch $(LOAD_STAMP)

loadtest: $(LOAD_STAMP)
	LOAD_SECONDS=$(LOAD_SECONDS) PYTHONPATH=src $(BIN)/python bench/loadtest.py $(LOAD_ARGS)
	$(BIN)/python -m pytest -q -s -p no:warnings -p no:cacheprovider tests/ops/test_pg_restart.py
