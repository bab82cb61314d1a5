# Two commands do everything on a fresh machine:
#   make run    set up, train if the data changed, start the assistant (REST + socket.io)
#   make test   set up and run the whole test suite
SHELL := /bin/bash
PY := .venv/bin/python
SPACY_STAMP := build/spacy/en_ccr/ccr_build_fingerprint.txt
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false

.PHONY: setup run shell train test lint content clean

setup: .venv/.installed-lock $(SPACY_STAMP) content

.venv/.installed-lock: requirements.lock scripts/setup-venv.sh scripts/find-python.sh
	bash scripts/setup-venv.sh

$(SPACY_STAMP): bot/spacy_pipeline.py bot/spacy_patterns.yml .venv/.installed-lock
	$(PY) -m bot.spacy_pipeline

content: .venv/.installed-lock
	@$(PY) -m bot.content
	@$(PY) -m bot.triage

run: setup
	$(PY) -m bot.serve

shell: setup
	$(PY) -m bot.serve --shell

train: setup
	$(PY) -m bot.training --force

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf build models .pytest_cache
