# Two commands matter: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
TP     := $(BIN)/technopark

.PHONY: run test setup install install-dev translations db demo static lint fmt bench clean

run: install db demo static
	@$(TP) welcome --url http://$(HOST):$(PORT)/
	@$(TP) runserver $(HOST):$(PORT) --noreload --skip-checks

test: install-dev translations
	$(BIN)/pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps make the second run instant: reinstall only when the lock file changes.
$(VENV)/.base: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.base

install: $(VENV)/.base translations
install-dev: $(VENV)/.dev

translations: | $(VENV)/.base
	@$(BIN)/python -m technopark compiletranslations

db: install
	@mkdir -p var
	$(TP) migrate --no-input -v 0

demo: db
	$(TP) demo

static: install
	$(TP) collectstatic --no-input -v 0

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
