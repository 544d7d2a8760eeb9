# Every target bootstraps its own virtual environment in .venv/ (Python 3.11+ and make are
# all a fresh machine needs). The environment is rebuilt when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all test site demo serve bench bench-smoke lint clean

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

## make bench: benchmarks at 1,000, 5,000 and 10,000 applications
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

## make bench-smoke: the benchmarks at the smallest size, once (CI keeps them working)
bench-smoke: $(STAMP)
	$(BIN)/python -m benchmarks.run --sizes 1000 --repeat 1

lint: $(STAMP)
	$(BIN)/python -m ruff check generator tests benchmarks

clean:
	rm -rf site .pytest_cache
