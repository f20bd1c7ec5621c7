# confnotes: every target sets itself up; on a fresh machine `make report` or
# `make test` is all it takes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTES  ?= data/events/2017/04/dockercon17.md
OUT    ?= reports/report.html
JOBS   ?=

.PHONY: setup test test-fast report frames lab bench bench-smoke clean browser first-names

setup: $(STAMP)

# Reinstall only when pyproject.toml changes: the stamp records the install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: setup
	$(BIN)/python -m pytest -n auto

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

report: setup
	$(BIN)/python -m analysis report $(NOTES) --out $(OUT)

frames: setup
	$(BIN)/python -m analysis frames $(NOTES) --out build/frames --format both

lab: setup
	$(BIN)/jupyter lab notebooks/

# Benchmarks need the bench extra (markdown-it-py, obsidiantools).
$(VENV)/.bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.bench
	$(BIN)/python -m benchmarks.run

bench-smoke: $(VENV)/.bench
	$(BIN)/python -m benchmarks.run --smoke

# Regenerate the given-names list the speaker rules use (needs npm; the output is committed).
first-names:
	$(PYTHON) scripts/first_names.py

clean:
	rm -rf build reports .pytest_cache
