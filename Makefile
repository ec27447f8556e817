# Latuharhary — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Every absolute link the demo writes (sitemap, e-mails, QR codes, credentials) points here.
BASE_URL ?= http://127.0.0.1:$(PORT)
export BASE_URL
MANAGE := $(PY) manage.py

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned requirements

compilemessages: install ## Compile locale/*.po to .mo with polib (no GNU gettext needed)
	$(PY) manage.py compile_translations

migrate: install compilemessages ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo site (idempotent) and the demo accounts
	$(MANAGE) load_demo_data

run: demo ## Set up everything and serve the demo site on 127.0.0.1:$(PORT) with a task worker
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Site: $(BASE_URL)/  Admin: $(BASE_URL)/admin/ (admin / latuharhary-admin)"
	$(MANAGE) db_worker --queue-name '*' --no-reload & worker=$$!; \
	( while sleep 60; do $(MANAGE) publish_scheduled >/dev/null; $(MANAGE) resume_certificate_batches; done ) & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install compilemessages ## Run the whole test suite (browser test included when chromium is installed)
	$(PY) -m pytest --create-db $(PYTEST_ARGS)

messages: install ## Extract interface strings into locale/id/LC_MESSAGES/django.po
	$(MANAGE) makemessages --locale id --ignore '.venv/*' --ignore 'bench/*' --no-obsolete
	$(MANAGE) compile_translations

lint: install ## ruff lint and format check, and the import rules in .importlinter (lint-imports)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

bench: install compilemessages ## One table: uncached and participants' pages vs /health/ (wrk), 300 pressing Mulai at once; PostgreSQL, Redis (DURATION=s per row)
	$(PY) bench/page_bench.py $(if $(DURATION),--duration $(DURATION))

profile: install compilemessages ## Where one make-bench page's time goes (PAGE="article (uncached)"): queries by call site, templates, cProfile
	$(PY) bench/profile_page.py "$(or $(PAGE),article (uncached))"

bench-cache: install ## Article uncached, app-cached and through Varnish, vs /health/ (PostgreSQL, Redis, wrk)
	$(PY) bench/cache_bench.py

varnish-check: install ## Gunicorn + Varnish on loopback: hits, passes, and a publish visible within a second
	$(PY) deploy/varnish_check.py

prod-check: install ## Production settings on loopback: gunicorn + RQ worker + Varnish on PostgreSQL and Redis, check --deploy, smoke tests, publish visible through Varnish
	$(PY) deploy/prod_check.py

fault-worker: install ## Kill -9 the RQ worker mid certificate batch (PostgreSQL, Redis); resume; check numbers and items
	$(PY) bench/fault_worker_kill.py

fault-db: install ## Stop a private PostgreSQL for 5 s under load: fast 503s, self-recovery, no acknowledged answer lost
	$(PY) bench/fault_database_outage.py

mixed-load: install ## 300 quiz participants + readers at 50 req/s for 3 min (DURATION=seconds), p50/p99 against /health/
	$(PY) bench/mixed_load.py $(if $(DURATION),--duration $(DURATION))

fuzz: install ## Random hostile requests against a running server on loopback (URL=, DURATION=seconds, REQUESTS=, SEED=): requests, statuses, server errors
	$(PY) bench/fuzz.py --url $(or $(URL),http://127.0.0.1:$(PORT)) $(if $(DURATION),--seconds $(DURATION)) $(if $(REQUESTS),--requests $(REQUESTS)) $(if $(SEED),--seed $(SEED))

audit: install ## pip-audit over requirements.txt: fails on known vulnerabilities
	$(PY) deploy/audit.py

backup: install ## Back up the database and media into backups/ (or DIR=…)
	$(MANAGE) backup_site $(if $(DIR),--output "$(DIR)")

restore: install ## Restore a backup into the configured database: make restore FILE=backups/latuharhary-….tar
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/latuharhary-YYYYmmdd-HHMMSS.tar"; exit 2; }
	$(MANAGE) restore_site "$(FILE)"

.PHONY: help install compilemessages migrate demo run test messages lint bench bench-cache varnish-check prod-check fault-worker fault-db mixed-load fuzz audit backup restore
