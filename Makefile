# Asylon: `make run` (demo platform on SQLite) and `make test` (everything CI runs).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-only lint messages compilemessages bench bench-compare bench-matching demo-code clean

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.lock
	$(VENV)/bin/pip install -q --no-deps -e .
	@# compiles the engine's annealing once into numba's cache (about 4 s)
	$(VENV)/bin/python -c "from asylon.matching.solver import warm; warm()"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	bin/ensure-system-packages
	$(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules

run: setup
	DEBUG=1 $(MANAGE) migrate -v0
	DEBUG=1 $(MANAGE) seed_demo
	@echo "Serving Asylon on http://$(HOST):$(PORT)/ (a job worker runs beside it; Ctrl-C stops both)"
	DEBUG=1 $(MANAGE) db_worker --interval 1 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

demo-code: setup
	@DEBUG=1 $(MANAGE) demo_code

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: setup
	bin/ensure-system-packages --browser
	$(MAKE) --no-print-directory test-only

test-only:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run -v0
	$(VENV)/bin/pytest -n 2 --dist loadfile

messages: $(VENV)/.installed
	for app in asylon/*/locale; do \
	  (cd $$(dirname $$app) && $(CURDIR)/$(MANAGE) makemessages -l nl -l ar --no-obsolete -v0 \
	     --ignore=tests --ignore=migrations); \
	done

# The engine's own suite, then issue 14's cases against plain HiGHS and PuLP + CBC (the
# peers at 5 x the engine's 60 s: about an hour). BENCH_MATCHING_STRESS="--case s300-tight"
# for one case.
bench-matching: setup
	$(VENV)/bin/asylon-match bench
	$(VENV)/bin/asylon-match bench --stress --repeat 3 $(BENCH_MATCHING_STRESS)

clean:
	rm -rf $(VENV) node_modules staticfiles

# Casework benchmark on a throwaway PostgreSQL (initdb as the postgres user, Unix socket
# only, stopped and removed at the end). BENCH_PERSONS=20000 make bench for a quick run.
BENCH_PERSONS ?= 200000
PG_BIN ?= /usr/lib/postgresql/15/bin
bench: $(VENV)/.installed
	@bin/ensure-system-packages --postgres
	@mkdir -p bench-results
	@d=$$(mktemp -d); chown postgres "$$d"; \
	trap 'runuser -u postgres -- $(PG_BIN)/pg_ctl -D "$$d/data" -m fast stop >/dev/null 2>&1; rm -rf "$$d"' EXIT; \
	runuser -u postgres -- $(PG_BIN)/initdb -D "$$d/data" -A trust -U postgres >/dev/null && \
	runuser -u postgres -- $(PG_BIN)/pg_ctl -D "$$d/data" -w \
	    -o "-k $$d -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB" \
	    -l "$$d/log" start >/dev/null && \
	export DATABASE_URL="postgres://postgres@/postgres?host=$$d" && \
	$(MANAGE) migrate -v0 && \
	$(MANAGE) seed_scale --persons $(BENCH_PERSONS) && \
	$(MANAGE) refresh_reports >/dev/null && \
	$(MANAGE) bench_casework --save bench-results/casework-$(BENCH_PERSONS).json

# Growth for 10x data: the casework benchmark at 20,000 and at 200,000 persons, then the
# ratio per page (each size on its own throwaway PostgreSQL).
bench-compare:
	$(MAKE) --no-print-directory bench BENCH_PERSONS=20000
	$(MAKE) --no-print-directory bench BENCH_PERSONS=200000
	$(MANAGE) bench_casework --compare bench-results/casework-20000.json \
	    bench-results/casework-200000.json
