# Harbour: `make run` to try it, `make test` to test it. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_CHILDREN ?= 300
DEMO_SEED ?= 1
STAMP := $(VENV)/.installed-stamp

.PHONY: help install assets run test test-fast lint format bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1mmake %-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements/constraints.txt package.json package-lock.json
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]" -c requirements/constraints.txt
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(STAMP)

static_build/css/application.css: $(STAMP) assets/scss/application.scss assets/js/application.mjs scripts/build-assets.mjs
	npm run --silent build

install: $(STAMP) static_build/css/application.css ## Create .venv, install Python and npm dependencies, build the GOV.UK Frontend assets

assets: $(STAMP) ## Rebuild the front-end assets
	npm run --silent build

run: install ## Set up everything and serve Harbour on http://127.0.0.1:$(PORT) (demo data on first run)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty --children $(DEMO_CHILDREN) --seed $(DEMO_SEED)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL/REDIS_URL are set)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install ## ruff, mypy, makemigrations --check, check --deploy with production settings
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=lint-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
	  ALLOWED_HOSTS=harbour.example.org DATABASE_URL=postgres://lint@127.0.0.1/lint REDIS_URL=redis://127.0.0.1:6379/0 \
	  $(PY) manage.py check --deploy --fail-level WARNING

format: install ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install ## Median response times of the main pages on generated data (BENCH_CHILDREN, default 10000)
	$(PY) -m benchmarks.run --children $${BENCH_CHILDREN:-10000}

clean: ## Remove the virtual environment, node_modules and built assets
	rm -rf $(VENV) node_modules static_build staticfiles
