# confnotes: every target sets itself up; on a fresh machine `make report` or
# `make test` is all it takes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTES  ?= data/events/2017/04/dockercon17.md
OUT    ?= reports/report.html
JOBS   ?=

.PHONY: setup test test-fast report frames lab bench bench-smoke clean browser first-names lexicon

setup: $(STAMP)

# Reinstall only when pyproject.toml changes: the stamp records the install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Everything, as CI runs it: notebooks, the browser, property and profiling tests too.
test: setup
	$(BIN)/python -m pytest -n auto

# Without the tests marked slow (see pyproject.toml): under 30 s on 2 cores.
test-fast: setup
	$(BIN)/python -m pytest -n auto -m "not slow"

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

# Regenerate the packaged product lexicon (analysis/lexicon/products.toml) from
# products_curated.toml and the pinned npm lists simple-icons, linguist-languages and
# devicon (needs npm, or their tarballs in $CONFNOTES_NPM_DIR; the output is committed).
lexicon:
	$(PYTHON) scripts/build_lexicon.py

# Regenerate the given-names list the speaker rules use (needs npm; the output is committed).
first-names:
	$(PYTHON) scripts/first_names.py

clean:
	rm -rf build reports .pytest_cache
