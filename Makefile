# Every target creates .venv and installs what it needs, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck pytest bench bench-extract clean chromium jena serve bench-serve docs

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

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

pytest: $(STAMP) chromium jena ## The test suite (with doctests)
	$(BIN)/pytest

# The browser test drives Debian's Chromium (never `playwright install`, which downloads).
chromium: ## Install Debian's chromium (and CJK fonts) when /usr/bin/chromium is missing
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -q && apt-get install -y -q chromium fonts-noto-cjk; } \
		|| echo "warning: could not install chromium (needs root); the browser test will skip"

# The second SHACL engine in the tests: Debian's Apache Jena, and a JDK to compile the small
# driver that validates every shapes case in one JVM (tests/jena/ValidateMany.java).
jena: ## Install Debian's Apache Jena and a headless JDK when missing
	@{ test -f /usr/share/java/jena-shacl.jar && command -v javac >/dev/null; } || { [ "$$(id -u)" = 0 ] && apt-get update -q && apt-get install -y -q --no-install-recommends libapache-jena-java default-jdk-headless; } \
		|| echo "warning: could not install Apache Jena (needs root); the second-engine tests will skip"

docs: $(STAMP) ## HTML documentation of the ontology (pyLODE) and vocabularies in build/docs
	$(BIN)/jcgraph docs --out build/docs

serve: $(STAMP) ## Serve the SPARQL endpoint and the query page on http://127.0.0.1:8000/
	$(BIN)/jcgraph serve

bench-serve: $(STAMP) ## Requests per second of `jcgraph serve` (not part of make test)
	$(BIN)/python bench/serve.py

bench-extract: $(STAMP) ## jcgraph extract scored on our own article (also part of make bench)
	$(BIN)/python bench/extract.py

bench: $(STAMP) ## Benchmarks (not part of make test); writes bench/RESULTS.md
	$(BIN)/python bench/run.py

clean: ## Remove the venv, caches and build outputs
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis .jcgraph-cache test-output
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
