# Pejling — the commands a person and CI use. Everything installs itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(DEVSTAMP): $(STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

data:
	mkdir -p data

## make demo: install, migrate the SQLite database in data/, load the seed municipalities, serve
demo: $(STAMP) data
	$(BIN)/pejling migrate --noinput
	$(BIN)/pejling load-demo
	@echo "Pejling runs on http://127.0.0.1:$(PORT)/ (stop with Ctrl-C)"
	$(BIN)/pejling runserver 127.0.0.1:$(PORT)

## make test: the whole suite on SQLite; on PostgreSQL too when DATABASE_URL points at one
test: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/pejling makemigrations --check --dry-run >/dev/null || (echo "models changed without a migration" && exit 1)
	$(BIN)/pytest

lint: $(DEVSTAMP)
	$(BIN)/ruff check .

## make lock: refresh requirements*.txt from pyproject.toml ranges
lock:
	rm -rf /tmp/pejling-lock && $(PYTHON) -m venv /tmp/pejling-lock
	/tmp/pejling-lock/bin/pip install --quiet -e . && /tmp/pejling-lock/bin/pip freeze --exclude-editable | grep -v '^pejling' > requirements.txt
	/tmp/pejling-lock/bin/pip install --quiet -e '.[dev]' && /tmp/pejling-lock/bin/pip freeze --exclude-editable | grep -v '^pejling' | grep -vxFf requirements.txt > requirements-dev.tmp
	(echo '-r requirements.txt'; cat requirements-dev.tmp) > requirements-dev.txt && rm requirements-dev.tmp

clean:
	rm -rf $(VENV) data .pytest_cache
