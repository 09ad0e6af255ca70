# reseau course kit. Two commands on a fresh machine: `make lab` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8888
# nbgrader runs `alembic` as a subprocess: the venv's bin must be on PATH for every target.
export PATH := $(BIN):$(PATH)


.PHONY: install labextension lab test bench data course solutions exercises release collect autograde feedback export report attestations supports self-check hub fin-de-session clean help

help:
	@echo "make lab    : installe l'environnement (.venv) puis ouvre JupyterLab sur le cours (apprenant)"
	@echo "make lab FORMATEUR=1 : le JupyterLab du formateur, avec tous les outils nbgrader"
	@echo "make test   : installe l'environnement puis lance tous les tests"
	@echo "make bench  : mesure les temps de calcul (scripts de benchmarks/)"
	@echo "make data   : régénère les jeux de données synthétiques de datasets/"
	@echo "make supports [PARTICIPANTS=deploy/hub/participants.csv] [SESSION=formation/session.ini] [ADRESSE=http://...] :"
	@echo "    les supports imprimables (un PDF par module, dans supports/) et le dossier du formateur (supports/formateur/)"
	@echo "Correction (voir autograder/README.md) :"
	@echo "make exercises | collect SOURCE=... [ASSIGNMENT=...] | autograde [TOUT=1] [APPRENANT=...] [JOBS=N] | feedback | export | report [ATTENDRE=1]"
	@echo "make attestations SESSION=formation/session.ini PARTICIPANTS=deploy/hub/participants.csv : les attestations de fin de formation (PDF)"
	@echo "Session en salle (voir deploy/hub/README.md) :"
	@echo "sudo make hub [IP=0.0.0.0] [PORT=8000] [PARTICIPANTS=deploy/hub/participants.csv] | release [ASSIGNMENT=...] | collect" 
	@echo "sudo make fin-de-session [SESSION=formation/session.ini] : archive la session puis retire les comptes de la classe"
	@echo "make self-check NB=exercises/06_force_des_liens/force_des_liens.ipynb : s'auto-évaluer"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml $(wildcard labextension/prebuilt/package.json) labextension/jupyter-config/reseau.json | $(BIN)/python
	$(BIN)/python -m pip install -e ".[test]"
	@# An editable install skips pyproject's data files (a wheel installs them): link the prebuilt
	@# reseau-lab extension as JupyterLab's `develop` does and enable its server side.
	$(BIN)/jupyter-builder develop --overwrite .
	cp labextension/jupyter-config/reseau.json $(VENV)/etc/jupyter/jupyter_server_config.d/reseau.json
	@touch $(STAMP)

install: $(STAMP)

# The learner's JupyterLab (French, no trainer tools) reads deploy/jupyter/apprenant; FORMATEUR=1 opens
# the trainer's (French, every nbgrader tool) with deploy/jupyter/formateur instead.  The same launcher as
# the README's two commands: reseau-cours (reseau.launcher).

lab: install
	$(BIN)/reseau-cours --dossier "$(CURDIR)" --ip=$(HOST) --port=$(PORT) $(if $(FORMATEUR),--formateur,)

# Rebuild labextension/prebuilt from labextension/src (needs Node.js; learners never do this).
labextension: install
	cd labextension && $(BIN)/jlpm install --immutable && $(BIN)/jlpm build

test: install
	$(BIN)/python -m pytest

bench: install
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

data: install
	$(BIN)/python -m reseau.synth --out datasets

course: install
	$(BIN)/python scripts/notebooks.py course

solutions: install
	$(BIN)/python scripts/notebooks.py solutions

# The trainer's grading cycle (autograder/README.md). Each step is one command, alone on the workspace:
# a second one exits with status 75, or waits its turn with ATTENDRE=1.
GRADE := $(BIN)/python -m reseau.autograde
WAIT  := $(if $(ATTENDRE),--attendre,)

exercises: install
	$(GRADE) exercises $(WAIT)

# Without SOURCE: from the classroom server's exchange (what participants submitted).
collect: install
	$(GRADE) collect $(if $(SOURCE),"$(SOURCE)",) $(if $(ASSIGNMENT),--assignment $(ASSIGNMENT),) $(WAIT)

release: install
	$(GRADE) release $(if $(ASSIGNMENT),--assignment $(ASSIGNMENT),) $(WAIT)

# TOUT=1 regrades unchanged copies too; APPRENANT=id grades one learner; JOBS=N notebooks at once
# (default: the number of cores); SANS_BAC_A_SABLE=1 is unsafe.
autograde: install
	$(GRADE) autograde $(if $(TOUT),--tout,) $(if $(APPRENANT),--apprenant $(APPRENANT),) $(if $(JOBS),--jobs $(JOBS),) \
		$(if $(SANS_BAC_A_SABLE),--sans-bac-a-sable,) $(WAIT)

feedback: install
	$(GRADE) feedback $(WAIT)

export: install
	$(GRADE) export $(WAIT)

report: install
	$(GRADE) report $(WAIT)

# The printable handouts: one PDF per module and the example action plan, in supports/ (reseau.handouts), and
# the trainer's pack in supports/formateur/ (reseau.trainer_pack). The attendance and access sheets need the
# class list: PARTICIPANTS when given, else deploy/hub/participants.csv if it exists; SESSION and ADRESSE optional.
SUPPORTS_CLASS := $(if $(filter command line environment,$(origin PARTICIPANTS)),$(PARTICIPANTS),$(wildcard deploy/hub/participants.csv))
supports: install
	$(BIN)/python -m reseau.handouts --out supports $(if $(SUPPORTS_CLASS),--participants "$(SUPPORTS_CLASS)",) \
		$(if $(SESSION),--session "$(SESSION)",) $(if $(ADRESSE),--adresse "$(ADRESSE)",)

# One end-of-training certificate (PDF) per participant: formation/guide_formateur.md, section 8.
attestations: install
	@test -n "$(SESSION)" || { echo "Précisez le fichier de la session : make attestations SESSION=formation/session.ini PARTICIPANTS=deploy/hub/participants.csv (modèle : formation/session.exemple.ini)"; exit 2; }
	$(GRADE) attestations --session "$(SESSION)" --participants "$(PARTICIPANTS)" $(WAIT)

self-check: install
	@test -n "$(NB)" || { echo "Précisez votre carnet : make self-check NB=exercises/06_force_des_liens/force_des_liens.ipynb"; exit 2; }
	$(GRADE) self-check "$(NB)" $(WAIT)

# The classroom server (deploy/hub/README.md): run as root, on Linux.
IP           ?= 0.0.0.0
PARTICIPANTS ?= deploy/hub/participants.csv
HUB_PORT     ?= 8000
hub: install
	@test "$$(id -u)" = 0 || { echo "Le serveur de classe crée un compte par participant : lancez « sudo make hub »."; exit 2; }
	@$(BIN)/python deploy/hub/classe.py demarrer --ip $(IP) --port $(if $(filter command line environment,$(origin PORT)),$(PORT),$(HUB_PORT)) \
		--participants "$(PARTICIPANTS)" $(if $(FORMATEURS),--formateurs "$(FORMATEURS)",) \
		$(if $(PORT_INTERNE),--port-interne $(PORT_INTERNE),) $(if $(MEMOIRE_MO),--memoire-mo $(MEMOIRE_MO),) \
		$(if $(CPU),--cpu $(CPU),) $(if $(INACTIVITE),--inactivite $(INACTIVITE),) \
		$(if $(CERTIFICAT),--certificat "$(CERTIFICAT)",) $(if $(CLE),--cle "$(CLE)",)

# The end of a session (deploy/hub/README.md, § 9): one dated archive in archives/ (grades, report,
# certificates, class list), then the class's accounts, homes, processes, exchange files, passwords and
# cgroups are removed. SESSION=formation/session.ini makes the certificates first.
fin-de-session: install
	@test "$$(id -u)" = 0 || { echo "La fin de session supprime les comptes de la classe : lancez « sudo make fin-de-session »."; exit 2; }
	@$(BIN)/python deploy/hub/classe.py fin-de-session --participants "$(PARTICIPANTS)" \
		$(if $(FORMATEURS),--formateurs "$(FORMATEURS)",) $(if $(SESSION),--session "$(SESSION)",) \
		$(if $(SANS_ATTESTATIONS),--sans-attestations,)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info src/*.egg-info
