# reseau course kit. Two commands on a fresh machine: `make lab` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8888
# nbgrader runs `alembic` as a subprocess: the venv's bin must be on PATH for every target.
export PATH := $(BIN):$(PATH)

ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab test bench data exercises clean help

help:
	@echo "make lab    : installe l'environnement (.venv) puis ouvre JupyterLab sur le cours"
	@echo "make test   : installe l'environnement puis lance tous les tests"
	@echo "make bench  : mesure les temps de calcul (scripts de benchmarks/)"
	@echo "make data   : régénère les jeux de données synthétiques de datasets/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

lab: install
	$(BIN)/jupyter lab --ip=$(HOST) --port=$(PORT) $(ALLOW_ROOT) \
		--ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/course

test: install
	$(BIN)/python -m pytest

bench: install
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

data: install
	$(BIN)/python -m reseau.synth --out datasets

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info src/*.egg-info
