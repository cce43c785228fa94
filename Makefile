# Wir stehen hinter dir – the two commands a newcomer needs are `make run` and `make test`.
#   make run      create .venv if missing, install, migrate, load the demo city, collect static files, serve
#   make test     the whole test suite (exit code 0 only when every test passed; "no tests" is a failure)
#   make lint     ruff check + ruff format --check
#   make migrate  apply migrations
#   make seed     (re)load the demo city (idempotent)
# PORT (default 8000) and PYTHON (default python3, 3.11 or newer) can be overridden: `make run PORT=8080`.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.requirements-installed
SEED_LOG := $(VENV)/.seed-demo.log

.DEFAULT_GOAL := help
.PHONY: help run test lint migrate seed install

help:
	@sed -n '2,8p' Makefile | sed 's/^# \{0,1\}//'

# The virtualenv itself: only created when missing.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); run e.g. make run PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies: reinstalled only when a requirements file changed since the last install (stamp file).
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

# Front-end packages (package.json): the category illustrations the site shows (@tabler/icons, served as static files)
# and axe-core for the browser tests. Reinstalled when the lock file changed; without npm the site still runs and
# shows the categories' colours without their pictures.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the category illustrations (node_modules/@tabler/icons) are missing (install Node.js)."; fi

install: $(STAMP) $(NODE_STAMP)

migrate: $(STAMP) $(NODE_STAMP)
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

# In development the public address (emails, share links, the demo checkout's return) follows the port served on,
# unless BASE_URL is set in the environment.
RUN_BASE_URL = $${BASE_URL:-http://127.0.0.1:$(PORT)}
run: migrate
	@BASE_URL=$(RUN_BASE_URL) $(MANAGE) seed_demo | tee $(SEED_LOG)
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo ""
	@echo "=================================================================="
	@echo " Serving http://127.0.0.1:$(PORT)/   (admin: http://127.0.0.1:$(PORT)/admin/)"
	@sed -n '/Demo log-ins/,$$p' $(SEED_LOG)
	@echo " Stop with Ctrl+C."
	@echo "=================================================================="
	BASE_URL=$(RUN_BASE_URL) $(MANAGE) runserver 127.0.0.1:$(PORT)

# pytest exits with 5 when it collected no tests: that counts as a failure, like any other non-zero code.
# The suite runs in two parts: everything but the browser tests on all cores (pytest-xdist; each worker has its
# own database), then the browser tests, which start their own server, in one process. pytest's exit code 5 means
# "no tests collected" and fails like any other non-zero code; the browser part may skip (see browser-check).
PYTEST_WORKERS ?= auto
test: $(STAMP) $(NODE_STAMP) browser-check
	@$(BIN)/pytest -q -n $(PYTEST_WORKERS) -m "not browser and not migrations"; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no tests were collected - failing."; exit 1; fi; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	$(BIN)/pytest -q -m migrations; status=$$?; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	if [ -x "$(CHROMIUM_PATH)" ] && [ -f node_modules/axe-core/axe.min.js ]; then \
		$(BIN)/pytest -q -rs -m browser tests/browser; status=$$?; \
		if [ $$status -eq 5 ]; then echo "make test: no browser tests were collected - failing."; exit 1; fi; \
		exit $$status; \
	fi

# ---- browser tests (tests/browser: Playwright + Debian's Chromium, axe-core from npm) -------------------------------
# `make test` runs them when Chromium and node_modules/axe-core are present (it runs `npm ci` when only axe-core is
# missing) and says loudly when it skips them. REQUIRE_BROWSER_TESTS=1 (set by .ci/run) turns a skip into a failure.
# `make test-browser` runs only them; screenshots land in artifacts/screenshots/.
CHROMIUM_PATH ?= /usr/bin/chromium
.PHONY: browser-check test-browser
browser-check:
	@if [ -x "$(CHROMIUM_PATH)" ] && [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error; fi
	@if [ -x "$(CHROMIUM_PATH)" ] && [ -f node_modules/axe-core/axe.min.js ]; then \
		echo "make test: browser tests (tests/browser) will run in $(CHROMIUM_PATH)."; \
	else \
		echo "make test: SKIPPING the browser tests (tests/browser): $(CHROMIUM_PATH) (apt-get install chromium)"; \
		echo "           or node_modules/axe-core (npm ci) is missing."; \
		if [ -n "$$REQUIRE_BROWSER_TESTS" ]; then echo "REQUIRE_BROWSER_TESTS is set - failing."; exit 1; fi; \
	fi

test-browser: $(STAMP) $(NODE_STAMP) browser-check
	$(BIN)/pytest -q -rs tests/browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# ---- production-like local run (owned by the production/scale-out work; see docs/deployment.md) ----------------
# make serve   gunicorn on 127.0.0.1:$(PORT) with cms.settings.serve: DEBUG off, manifest static files, the page
#              cache, CSP and the other headers; the demo city's database; demo payments (no Stripe keys needed).
#              Set REDIS_URL to use Redis as in production (otherwise a file cache shared by the workers).
.PHONY: serve
serve: migrate
	@$(MANAGE) seed_demo | tee $(SEED_LOG)
	DJANGO_SETTINGS_MODULE=cms.settings.serve $(MANAGE) collectstatic --noinput --verbosity 0
	@echo ""
	@echo " Production-like: http://127.0.0.1:$(PORT)/  (gunicorn, cms.settings.serve). Stop with Ctrl+C."
	@sed -n '/Demo log-ins/,$$p' $(SEED_LOG)
	DJANGO_SETTINGS_MODULE=cms.settings.serve GUNICORN_BIND=127.0.0.1:$(PORT) BASE_URL=$(RUN_BASE_URL) \
		$(BIN)/gunicorn -c cms/gunicorn.conf.py cms.wsgi
