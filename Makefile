# Every target bootstraps its own virtual environment in .venv/ (Python 3.11+ and make are
# all a fresh machine needs). The environment is rebuilt when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all test site demo serve bench bench-smoke bench-large bench-engines mutation lint clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $@

## make test: run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## make site: validate the real data and build the public site into site/
site: $(STAMP)
	$(BIN)/jili build

## make demo: build the site with the sample round (examples/) laid over the real data
demo: $(STAMP)
	$(BIN)/jili build --demo

## make serve: preview the site with live reload at http://127.0.0.1:8000/; --dirty lets a
## rebuild redo only the pages and files a changed data file touches (generator/site/preview.py)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

## make bench: benchmarks at 1,000, 5,000 and 10,000 applications (live preview at 1,000 and 5,000)
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --preview 1000,5000

## make bench-smoke: the benchmarks at the smallest size, once (CI keeps them working)
bench-smoke: $(STAMP)
	$(BIN)/python -m benchmarks.run --sizes 1000 --repeat 1

## make mutation: mutate the rules and the derived-facts core, run the tests that reach each
## mutant, report to .mutation/report.md (slow: not part of `make test`; see tests/mutation)
mutation: $(STAMP)
	$(BIN)/python -m tests.mutation

## make bench-large: 50,000 applications, once (not in CI: about half an hour on two cores)
bench-large: $(STAMP)
	$(BIN)/python -m benchmarks.run --sizes 50000 --repeat 1 --no-compare

# Zensical in its own environment: it pins its own Markdown and Jinja versions. 0.0.73 is the
# newest whose dependencies all install from the package index (0.0.74 and later need zensical-ui).
ZENSICAL_VERSION ?= 0.0.73
ZENSICAL_VENV := .venv-zensical

$(ZENSICAL_VENV)/bin/zensical:
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check 'zensical==$(ZENSICAL_VERSION)'

## make bench-engines: the site built by mkdocs-material and by Zensical side by side
bench-engines: $(STAMP) $(ZENSICAL_VENV)/bin/zensical
	ZENSICAL=$(ZENSICAL_VENV)/bin/zensical $(BIN)/python -m benchmarks.run --sizes 1000,5000 --repeat 1 --engines zensical

lint: $(STAMP)
	$(BIN)/python -m ruff check generator tests benchmarks

clean:
	rm -rf site .pytest_cache
