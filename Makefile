# ronr: every target creates and uses the project's own virtual environment (.venv).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data
REPORTS ?= reports
LAB ?= lab
JOBS ?= 2

.PHONY: demo test lab lint format bench clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ronr)" >/dev/null
	touch $(STAMP)

## Generate the demo clients and render their reports.
demo: $(STAMP)
	$(BIN)/ronr demo --data-dir $(DATA) --render --out $(REPORTS) --jobs $(JOBS)

## Debian's Chromium, for `ronr render --pdf` and the browser test (apt-get, when missing).
chromium:
	@bash scripts/install-chromium.sh

## Lint, unit tests, notebook tests (nbval), end-to-end render tests and the browser test.
test: $(STAMP) chromium
	$(BIN)/ruff check lib tests bench conftest.py setup.py
	$(BIN)/ruff format --check lib tests bench conftest.py setup.py
	$(BIN)/python -m pytest -n 2 --dist loadscope -p no:cacheprovider tests
	$(BIN)/python -m pytest -n 2 --dist loadscope -p no:cacheprovider --nbval-lax notebooks

## Open JupyterLab on working copies of the notebooks in $(LAB) (git-ignored), so running
## them never writes outputs (client texts, widget state) into the committed notebooks.
## A notebook already in $(LAB) is kept: delete it there to get the current version.
## Loading a client never generates data, so the demo clients are generated first if missing.
## The trainers' walkthrough opens first, in JupyterLab serving its folder $(LAB) (the stage
## notebooks beside it). Widgets work as installed (ipywidgets 8 with JupyterLab 4).
lab: $(STAMP)
	@test -d $(DATA)/clients/demo-coffee || $(BIN)/ronr demo --data-dir $(DATA)
	@mkdir -p $(LAB)
	@cp -n notebooks/*.ipynb $(LAB)/
	@echo "Working copies of the notebooks are in $(LAB)/"
	RONR_DATA_DIR=$(abspath $(DATA)) $(BIN)/jupyter lab $(LAB)/00_methodology.ipynb

lint: $(STAMP)
	$(BIN)/ruff check lib tests bench conftest.py setup.py

format: $(STAMP)
	$(BIN)/ruff format lib tests bench conftest.py setup.py
	$(BIN)/ruff check --fix lib tests bench conftest.py setup.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(REPORTS) $(DATA)/cache $(DATA)/clients/demo-*
