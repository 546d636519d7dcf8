# Harbour: `make run` to try it, `make test` to test it. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_CHILDREN ?= 300
DEMO_SEED ?= 1
# The deadline benchmark's council: more children than are in care in all of England.
BENCH_DEADLINE_CHILDREN ?= 100000
STAMP := $(VENV)/.installed-stamp
# The DfE's SSDA903 rules (csc-validator-be-903) pin pandas<2 and numpy<1.25, so they
# get a virtual environment of their own.
VENV_903 := .venv-903
PY_903 := $(VENV_903)/bin/python
VALIDATE_903_TABLES ?= Header,Episodes,UASC,Missing,SWEpisodes,PrevPerm,AD1,PlacedAdoption,Reviews,OC3,OC2
# The demo council's placements are in Walsall (ONS E08000030).
LA ?= E08000030

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

# The suite runs in parallel, one pytest-xdist worker a core (PYTEST_WORKERS=0: in one
# process), each test module (or test class) on one worker, so that what a module builds
# once for its tests (a demo council) is built once.
PYTEST_WORKERS ?= auto

test: install $(VENV_903)/.installed ## Run the whole test suite over every core (SQLite unless DATABASE_URL/REDIS_URL are set)
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

lint: install ## ruff, mypy, the import layers, makemigrations --check, check --deploy with production settings
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=lint-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
	  ALLOWED_HOSTS=harbour.example.org DATABASE_URL=postgres://lint@127.0.0.1/lint REDIS_URL=redis://127.0.0.1:6379/0 \
	  $(PY) manage.py check --deploy --fail-level WARNING

format: install ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install ## Every page's time (BENCH_CHILDREN, 10000; BENCH_ARGS=--keep/--reuse) and the deadline engine (BENCH_DEADLINE_CHILDREN, 100000), in PostgreSQL
	$(PY) -m benchmarks.run --children $${BENCH_CHILDREN:-10000} $(BENCH_ARGS)
	$(PY) -m benchmarks.deadlines --children $(BENCH_DEADLINE_CHILDREN)

clean: ## Remove the virtual environments, node_modules and built assets
	rm -rf $(VENV) $(VENV_903) node_modules static_build staticfiles build

# --- SSDA903: the DfE's validation rules ---------------------------------------------

.PHONY: validate-903 validate-903-dir

$(VENV_903)/.installed: tools/validate_903/requirements.txt
	@test -x $(PY_903) || python3 -m venv $(VENV_903)
	$(PY_903) -m pip install --quiet --upgrade pip
	$(PY_903) -m pip install --quiet -r tools/validate_903/requirements.txt
	@touch $@

validate-903: install $(VENV_903)/.installed ## Build demos (throw-away SQLite), export each as a 903 return and run the DfE rules (SEEDS="1 2", TODAYS, CHILDREN, YEAR, OUT)
	SEEDS="$${SEEDS:-1}" CHILDREN="$${CHILDREN:-1000}" YEAR="$${YEAR:-2026}" OUT="$${OUT:-build/ssda903}" \
	TABLES=$(VALIDATE_903_TABLES) LA=$(LA) PY=$(PY) PY_903=$(PY_903) tools/validate_903/demos.sh

validate-903-dir: $(VENV_903)/.installed ## Run the DfE rules over the return in DIR=... (YEAR=2026, TABLES=Header,..., JSON=out.json)
	@test -n "$(DIR)" || { echo "usage: make validate-903-dir DIR=path/to/return [YEAR=2026] [TABLES=Header,Episodes,...] [JSON=result.json]" >&2; exit 2; }
	$(PY_903) tools/validate_903/run.py "$(DIR)" --year $${YEAR:-2026} $${TABLES:+--tables "$$TABLES"} $${JSON:+--json "$$JSON"}
