# confnotes: every target sets itself up; on a fresh machine `make report` or
# `make test` is all it takes.
#
# Variables are quoted wherever they reach the shell, so paths with spaces work:
#   make report NOTES="/tmp/my notes" OUT="reports/my notes.html"
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NOTES  ?= data/events/2017/04/dockercon17.md
OUT    ?= reports/report.html
FRAMES ?= build/frames
JOBS   ?=
# Options shared by the commands that load notes (report, frames).
LOAD_OPTIONS = $(if $(JOBS),--jobs "$(JOBS)")
# The report's notebooks strip their outputs when JupyterLab saves them (analysis/report/lab.py).
LAB_HOOK := analysis.report.lab.strip_outputs

# Two installs, each with its stamp (reinstalled only when pyproject.toml changes):
# the base (what the report, the notebooks and load_notes need) and the dev extra
# (tests, Playwright, scikit-learn). `make report` and `make lab` never install the extra.
BASE_STAMP := $(VENV)/.installed-base
DEV_STAMP  := $(VENV)/.installed-dev

.PHONY: setup setup-dev test test-fast report frames lab bench bench-smoke clean browser first-names lexicon notebooks

setup: $(BASE_STAMP)

setup-dev: $(DEV_STAMP)

$(BASE_STAMP): pyproject.toml
	test -x $(BIN)/python || "$(PYTHON)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(BASE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Everything, as CI runs it: notebooks, the browser, property and profiling tests too.
test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n auto

# Without the tests marked slow (see pyproject.toml): under 30 s on 2 cores.
test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest -n auto -m "not slow"

report: $(BASE_STAMP)
	$(BIN)/python -m analysis report "$(NOTES)" --out "$(OUT)" $(LOAD_OPTIONS)

frames: $(BASE_STAMP)
	$(BIN)/python -m analysis frames "$(NOTES)" --out "$(FRAMES)" --format both $(LOAD_OPTIONS)

# The kernel starts in notebooks/; CONFNOTES_NOTES (a path, relative to the project
# root or absolute) picks the notes: make lab NOTES="data/events" also works.
lab: $(BASE_STAMP)
	CONFNOTES_NOTES="$${CONFNOTES_NOTES:-$(if $(filter command line,$(origin NOTES)),$(NOTES))}" \
	$(BIN)/jupyter lab --notebook-dir=notebooks --ContentsManager.pre_save_hook=$(LAB_HOOK)

# Benchmarks need the bench extra (markdown-it-py, obsidiantools).
$(VENV)/.bench: $(DEV_STAMP)
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

# Regenerate notebooks/report.ipynb from the section registry (analysis/report/sections.py).
notebooks: $(BASE_STAMP)
	$(BIN)/python -m analysis.report.notebook

# Regenerate the given-names list the speaker rules use (needs npm; the output is committed).
first-names:
	$(PYTHON) scripts/first_names.py

clean:
	rm -rf build reports .pytest_cache
