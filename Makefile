# Two entry points for a fresh machine (see README): `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Offline-safe: `prisma generate` only needs *a* schema-engine path; it does not run it.
export PRISMA_SCHEMA_ENGINE_BINARY ?= /bin/true
export PRISMA_HIDE_UPDATE_MESSAGE := 1
export CHECKPOINT_DISABLE := 1

.PHONY: setup demo test lint snapshots bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed node_modules/.installed

demo: setup
	$(PY) tools/demo.py

test: setup
	$(PY) -m pytest -n 2 --dist loadgroup

lint: setup
	$(VENV)/bin/ruff check generator tests tools bench
	$(VENV)/bin/black --check generator tests tools bench

# Benchmarks, not tests: ~15 minutes on 2 cores; prints tables and rewrites BENCHMARKS.md
# (generation) and BENCHMARKS-sync.md (the sync server).
bench: setup
	$(PY) bench/run.py
	$(PY) bench/run.py --sync

# Regenerate snapshots after an intended change; review `git diff` before committing.
snapshots: setup
	$(PY) -m pytest tests/test_snapshots.py --snapshot-update

clean:
	rm -rf $(VENV) node_modules build dist .pytest_cache
