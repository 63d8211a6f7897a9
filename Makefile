# Pejling — the commands a person and CI use. Everything installs itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
CHROMIUM := /usr/bin/chromium
AXE    := node_modules/axe-core/axe.min.js
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT    := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: demo serve test lint lock bench clean

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

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
$(CHROMIUM):
	$(APT) update -qq && $(APT) install -y -qq chromium

# axe-core for the accessibility checks; npm comes with Node.js, or from Debian.
$(AXE): package.json package-lock.json
	command -v npm >/dev/null || ($(APT) update -qq && $(APT) install -y -qq npm)
	npm ci --no-audit --no-fund --silent
	touch $@

## make demo: install, migrate the SQLite database in data/, load the seed municipalities, serve
demo: $(STAMP) data
	$(BIN)/pejling migrate --noinput
	$(BIN)/pejling load-demo
	@echo "Pejling runs on http://127.0.0.1:$(PORT)/ (stop with Ctrl-C)"
	$(BIN)/pejling runserver 127.0.0.1:$(PORT)

## make test: the whole suite on SQLite; on PostgreSQL too when DATABASE_URL points at one
test: $(DEVSTAMP) $(CHROMIUM) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pejling makemigrations --check --dry-run >/dev/null || (echo "models changed without a migration" && exit 1)
	PEJLING_ENV=production SECRET_KEY=ci-only-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') ALLOWED_HOSTS=pejling.example.dk \
	  PEJLING_DATA_DIR=$$(mktemp -d) $(BIN)/pejling check --deploy --fail-level WARNING
	$(BIN)/pytest

## make serve: as in production (gunicorn, whitenoise, PEJLING_ENV=production) on the SQLite database in data/,
## over plain HTTP on this machine (PEJLING_HTTPS=false; behind a TLS proxy leave it out, see the README)
serve: $(STAMP) data
	PEJLING_ENV=production $(BIN)/pejling migrate --noinput
	PEJLING_ENV=production $(BIN)/pejling collectstatic --noinput -v0
	PEJLING_ENV=production PEJLING_HTTPS=$${PEJLING_HTTPS:-false} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} $(BIN)/gunicorn -c python:pejling.gunicorn_config pejling.wsgi -w $${WORKERS:-3} -b 127.0.0.1:$(PORT)

/usr/bin/wrk:
	$(APT) update -qq && $(APT) install -y -qq wrk curl

## make bench: speed figures (printed and written to bench/results.json, never asserted) on SQLite and, when
## one answers on 127.0.0.1:5432, PostgreSQL, at 1x (the demo) and the national preset (BENCH_PRESET=small for
## a quick run; BENCH_DATABASES=sqlite; more knobs in scripts/bench.py)
bench: $(STAMP) /usr/bin/wrk
	$(BIN)/python scripts/bench.py --databases $${BENCH_DATABASES:-sqlite,postgresql} \
	  --datasets demo,$${BENCH_PRESET:-national}

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## make lock: refresh requirements*.txt from pyproject.toml ranges
lock:
	rm -rf /tmp/pejling-lock && $(PYTHON) -m venv /tmp/pejling-lock
	/tmp/pejling-lock/bin/pip install --quiet -e . && /tmp/pejling-lock/bin/pip freeze --exclude-editable | grep -v '^pejling' > requirements.txt
	/tmp/pejling-lock/bin/pip install --quiet -e '.[dev]' && /tmp/pejling-lock/bin/pip freeze --exclude-editable | grep -v '^pejling' | grep -vxFf requirements.txt > requirements-dev.tmp
	(echo '-r requirements.txt'; cat requirements-dev.tmp) > requirements-dev.txt && rm requirements-dev.tmp

clean:
	rm -rf $(VENV) data .pytest_cache
