# Two commands on a fresh machine: `make run` and `make test`. Python 3.11 is the only prerequisite;
# `make test` also installs Debian's Chromium (for the browser tests) when it is missing and apt-get is available.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install migrate seeds lint format bench browser clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seeds: migrate
	$(BIN)/python manage.py import_seeds
	$(BIN)/python manage.py measure_themes
	$(BIN)/python manage.py quotation_quality --save
	$(BIN)/python manage.py export_dataset

run: seeds
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

browser:
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
		{ echo "Chromium is missing: install Debian's chromium package" >&2; exit 1; }

test: install browser
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
