# Voice CoP Portal. On a fresh machine: `make run` or `make test`; nothing else is needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve test e2e bench lint format check backup restore messages makemessages seed ci clean

# The virtualenv, rebuilt when the requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The compiled catalogues (.mo) are built, not committed; msgfmt comes with GNU gettext.
messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install GNU gettext (apt-get install gettext)"; exit 1; }
	DEBUG=1 $(PY) manage.py compilemessages --ignore=$(VENV) --verbosity 0

# Update the .po catalogues from the code and templates (then translate the new entries).
makemessages: install
	DEBUG=1 $(PY) manage.py makemessages -l km -l en --ignore=$(VENV) --ignore=staticfiles --ignore=tests --no-obsolete
	@# English is the source language: its catalogue repeats every msgid, never a fuzzy guess.
	msgattrib --clear-fuzzy --empty locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	msgen locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	@msgattrib --only-fuzzy --untranslated locale/km/LC_MESSAGES/django.po >/dev/null; \
	  msgfmt --statistics -o /dev/null locale/km/LC_MESSAGES/django.po

seed: messages
	DEBUG=1 $(PY) manage.py migrate --verbosity 0
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py load_voice_seed
	DEBUG=1 $(PY) manage.py create_demo_accounts $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")

# Development server with the Voice seed and demo accounts, at http://127.0.0.1:8000/, the
# worker that sends its e-mails (printed here: EMAIL_URL is the console by default) and
# Telegram messages, and the digests, sent at the start of every hour (each one once:
# README, "Notifications"). The Telegram bot polls beside them when TELEGRAM_BOT_TOKEN is
# set (in the environment or .env: without a token it says so and ends at once).
run: seed
	DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	  DEBUG=1 $(PY) manage.py telegram_bot & bot=$$!; \
	  DEBUG=1 $(PY) manage.py send_digests --loop & digests=$$!; \
	  trap 'kill $$worker $$bot $$digests 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production mode: gunicorn with WORKERS processes of THREADS threads each (gthread), so
# that a slow upload or download holds one thread, not a whole worker; settings from the
# environment or .env (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, ... see README).
# DEBUG stays off. bench/served.py starts gunicorn the same way.
WORKERS ?= 3
THREADS ?= 4
JOB_WORKERS ?= 1
serve: messages
	$(PY) manage.py check --deploy
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@# JOB_WORKERS workers send the e-mails and Telegram messages beside gunicorn, the
	@# Telegram bot receives (when TELEGRAM_BOT_TOKEN is set), and the digests go out at the
	@# start of every hour; all stop with it.
	pids=; for i in $$(seq $(JOB_WORKERS)); do $(PY) manage.py db_worker & pids="$$pids $$!"; done; \
	  $(PY) manage.py telegram_bot & pids="$$pids $$!"; \
	  $(PY) manage.py send_digests --loop & pids="$$pids $$!"; \
	  trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn cop_portal.wsgi --workers $(WORKERS) \
	  --worker-class gthread --threads $(THREADS) --bind $(HOST):$(PORT) \
	  --access-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

test: messages
	$(BIN)/pytest $(PYTEST_ARGS)

# Browser journeys in Chromium (Debian's, at /usr/bin/chromium) with axe-core checks.
e2e: messages
	$(BIN)/pytest -m e2e tests/e2e --screenshot only-on-failure --output test-results $(PYTEST_ARGS)

# The benchmark of every main page and a load test, on PostgreSQL (DATABASE_URL; default
# the cop_bench database, with the demo data at 100,000 activities made if missing).
bench: messages
	$(PY) bench/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The one-way house: no app imports a layer above it (pyproject.toml, importlinter).
	DEBUG=1 $(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: messages
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Back up the database (PostgreSQL from DATABASE_URL, else db.sqlite3) and the uploaded
# files (MEDIA_ROOT) into one archive, backups/<name>-<time>.tar (README: "Backups").
backup:
	bash bin/backup.sh backup

# Replace the database and MEDIA_ROOT with a backup, then empty the cache:
# make restore FILE=backups/<file>. A backup of another schema version is refused.
restore:
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<file>"; exit 1; }
	bash bin/backup.sh restore "$(FILE)"

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name "*.mo" -path "*/locale/*" -delete
