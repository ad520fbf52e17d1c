# One-command set-up: `make run` and `make test` create the venv, install pinned packages, build the spaCy
# pipeline and train the model only when their inputs changed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
MODEL       := models/current.tar.gz
SPACY_MODEL := build/spacy_model/meta.json

export RASA_PORT    ?= 5005
export ACTION_PORT  ?= 5055
export WEB_PORT     ?= 8080
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export RASA_TELEMETRY_ENABLED := false

WIDGET := web/node_modules/.installed

TRAIN_INPUTS := config.yml $(wildcard components/*.py components/*/*.py) $(wildcard domain/*.yml) $(wildcard data/*/*.yml) $(SPACY_MODEL)

.PHONY: help venv train web-deps browser run web shell actions test lint unit validate nlu-test story-test eval e2e bench load clean
.PHONY: insights export forget retention bench-insights

help:
	@echo "make run    - set up, train if needed, start the assistant (page with chat on :$(WEB_PORT), REST on :$(RASA_PORT), actions on :$(ACTION_PORT))"
	@echo "make test   - set up, train if needed, run every test"
	@echo "make shell  - chat in the terminal"
	@echo "make eval   - answer-correctness suite over REST, scores per class (SUITE=dev for the development set)"
	@echo "make bench  - benchmark against Rasa's default bot"
	@echo "make load   - 50 concurrent users x 20 messages, every reply checked"
	@echo "make insights [FROM=YYYY-MM-DD TO=YYYY-MM-DD DAYS=N CSV=file PART=questions] - what users asked"
	@echo "make export SENDER=id [OUT=file] - everything stored for one person, as JSON"
	@echo "make forget SENDER=id            - delete everything stored for one person"
	@echo "make retention                   - delete conversations idle for more than RETENTION_DAYS days"

$(VENV)/.installed: requirements.txt constraints.txt scripts/find_python.sh
	@py=$$(scripts/find_python.sh) && echo "Creating $(VENV) with $$py" && $$py -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade pip==24.0
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

venv: $(VENV)/.installed

$(SPACY_MODEL): knowledge/article.yml knowledge/lexicon.yml actions/knowledge_base.py scripts/build_spacy_model.py $(VENV)/.installed
	$(PY) scripts/build_spacy_model.py build/spacy_model

$(MODEL): $(TRAIN_INPUTS) $(VENV)/.installed
	$(RASA) train --domain domain --fixed-model-name current --out models --quiet
	touch $@

train: $(MODEL)

# The chat widget (rasa-webchat, pinned in web/package-lock.json), installed only when the lock file changed.
$(WIDGET): web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

web-deps: $(WIDGET)

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	scripts/system_packages.sh chromium=chromium

run: train web-deps
	$(PY) -m service.launcher

web: web-deps
	$(PY) -m web.server

actions: venv
	$(RASA) run actions --actions actions --port $(ACTION_PORT)

shell: train
	$(PY) -m service.launcher --shell

lint: venv
	$(VENV)/bin/ruff check .

unit: venv $(SPACY_MODEL)
	$(PY) -m pytest -q tests/unit

validate: venv
	$(RASA) data validate --domain domain --fail-on-warnings --quiet

nlu-test: train
	$(PY) scripts/nlu_accuracy.py

story-test: train
	scripts/story_test.sh

# Answer correctness: the frozen suite (tests/answers/suite) asked over REST of freshly started servers; SUITE=dev
# for the development set, VERBOSE=1 to print every failing reply.
SUITE ?= suite
eval: train
	$(PY) scripts/answer_eval.py --suite $(SUITE) $(if $(filter suite,$(SUITE)),--check) $(if $(VERBOSE),-v)

e2e: train web-deps browser
	$(PY) -m pytest -q tests/e2e

test: train web-deps browser
	scripts/test.sh

bench: train web-deps
	$(PY) bench/run.py

# 50 concurrent users x 20 messages against the default set-up (started on free ports, throw-away database).
load: train
	$(PY) -m bench.load --users 50 --messages 20 --out results/load.json

# The operators' commands (insights/__main__.py): they read the tracker store the settings name, servers up or not.
insights: venv
	$(PY) -m insights report $(if $(FROM),--from "$(FROM)") $(if $(TO),--to "$(TO)") $(if $(DAYS),--days "$(DAYS)") \
	  $(if $(CSV),--csv "$(CSV)") $(if $(PART),--part "$(PART)")

export: venv
	@test -n "$(SENDER)" || { echo "usage: make export SENDER=<sender id> [OUT=file.json]" >&2; exit 2; }
	$(PY) -m insights export "$(SENDER)" $(if $(OUT),--out "$(OUT)")

forget: venv
	@test -n "$(SENDER)" || { echo "usage: make forget SENDER=<sender id>" >&2; exit 2; }
	$(PY) -m insights forget "$(SENDER)"

retention: venv
	$(PY) -m insights retention

# The insights report on a generated store of 100,000 conversations (bench/insights.py; figure in bench/results.md).
bench-insights: venv
	$(PY) -m bench.insights --conversations 100000

clean:
	rm -rf build models/*.tar.gz .rasa results test-output web/node_modules
