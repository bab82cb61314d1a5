# Two commands do everything on a fresh machine:
#   make run    set up, train if the data changed, start the assistant (REST + socket.io)
#   make test   set up and run the whole test suite
SHELL := /bin/bash
PY := .venv/bin/python
SPACY_STAMP := build/spacy/en_ccr/ccr_build_fingerprint.txt
WEB_STAMP := web/node_modules/.package-lock.json
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false

.PHONY: setup run shell train model test lint content clean browser bench insights backstop

setup: .venv/.installed-lock $(SPACY_STAMP) $(WEB_STAMP) backstop content

.venv/.installed-lock: requirements.lock scripts/setup-venv.sh scripts/find-python.sh
	bash scripts/setup-venv.sh

$(SPACY_STAMP): bot/language/spacy_pipeline.py bot/language/spacy_patterns.yml .venv/.installed-lock
	$(PY) -m bot.language.spacy_pipeline
	@touch $@

# The crisis check's learned back-up (bot/safety/backstop.py): weights under build/safety/, named
# by a fingerprint of data/safety/, data/nlu/ and the module; retrained (~10 s) only when they change.
backstop: .venv/.installed-lock
	@$(PY) -m bot.safety.backstop

# The web widget's socket.io client (served by the Rasa server) and axe-core (browser tests),
# pinned in web/package-lock.json; reinstalled only when the lock changes.
$(WEB_STAMP): web/package-lock.json web/package.json
	cd web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# Debian's Chromium for the browser tests (tests/web/); instant when installed.
browser:
	@bash scripts/install-chromium.sh

content: .venv/.installed-lock
	@$(PY) -m bot.content
	@$(PY) -m bot.triage

run: setup
	$(PY) -m bot.launch.serve

shell: setup
	$(PY) -m bot.launch.serve --shell

train: setup
	$(PY) -m bot.launch.training --force

# The model the end-to-end tests serve, trained before pytest starts (only if config, domain or
# data changed): a first training takes 12-15 min on 2 cores, longer than one test may take.
model: setup
	$(PY) -m bot.launch.training

test: setup browser model
	$(PY) -m pytest $(PYTEST_ARGS)

# Speed and memory against a bare `rasa init` bot, same run; results/bench/bench.json.
bench: setup
	$(PY) -m ops.bench $(BENCH_ARGS)

# The staff report from the tracker store: results/insights/report.html (staff only; README).
insights: .venv/.installed-lock
	$(PY) -m bot.insights $(INSIGHTS_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf build models .pytest_cache
