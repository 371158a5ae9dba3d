# Every target creates .venv and installs what it needs, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck pytest bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

run: $(STAMP) ## Build, reason, validate and answer every stored question
	$(BIN)/jcgraph run

test: lint typecheck pytest ## Lint, type-check and run the test suite

lint: $(STAMP) ## ruff check and ruff format --check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP) ## mypy on src/
	$(BIN)/mypy

pytest: $(STAMP) ## The test suite (with doctests)
	$(BIN)/pytest

bench: $(STAMP) ## Benchmarks (not part of make test); writes bench/RESULTS.md
	$(BIN)/python bench/run.py

clean: ## Remove the venv, caches and build outputs
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache test-output
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
