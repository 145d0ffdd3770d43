# Gonghui's commands. `make run` serves the demo city; `make test` runs every check.
# Every target that needs the environment depends on `setup`, which is quick once done.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# uv from PATH, or the module pip installs when it is missing (see ensure-uv).
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export UV
GONGHUI := $(UV) run --frozen gonghui
BIND ?= 127.0.0.1:8000
VENDOR := gonghui/static_vendor
VENDOR_FILES := $(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js \
	$(VENDOR)/swagger-ui-bundle.js $(VENDOR)/swagger-ui.css

.PHONY: help setup ensure-uv python-env system-packages run test bench lint format messages \
	loadtest faulttest

help:
	@echo "make run       set up, load the demo city into an empty database, serve on $(BIND)"
	@echo "make test      ruff, Django checks, migrations, pytest on SQLite and PostgreSQL"
	@echo "make setup     install what the project needs (idempotent)"
	@echo "make bench     run the benchmarks"
	@echo "make loadtest  50 users for 60 s against the production server; ARGS=\"--clients 10 --seconds 10\""
	@echo "make faulttest kill -9 during an import, PostgreSQL restarted under load; ARGS=\"--help\""
	@echo "make lint      ruff check and format check;  make format  rewrite in place"
	@echo "make messages  update and compile the translation catalogues"

setup: python-env $(VENDOR_FILES) system-packages

ensure-uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

python-env: ensure-uv
	@$(UV) sync --frozen --quiet

# npm writes node_modules/.package-lock.json on every install: newer than the lock = current.
node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

$(VENDOR)/htmx.min.js: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $@

$(VENDOR)/echarts.min.js: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js $@

$(VENDOR)/swagger-ui-bundle.js: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js $@

# Without the line naming its source map, which we do not ship: collectstatic would look for it.
$(VENDOR)/swagger-ui.css: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)
	sed '/sourceMappingURL=/d' node_modules/swagger-ui-dist/swagger-ui.css > $@

system-packages:
	@scripts/ensure-system-packages.sh

run: setup
	$(GONGHUI) migrate --noinput
	$(GONGHUI) collectstatic --noinput --verbosity 0
	$(GONGHUI) demo --scale small --if-empty \
		$${GONGHUI_DEMO_PASSWORD:+--password "$$GONGHUI_DEMO_PASSWORD"}
	BIND=$(BIND) exec scripts/serve.sh

test: setup
	@scripts/test.sh

bench: setup
	$(UV) run --frozen python -m gonghui.bench
	$(UV) run --frozen python -m gonghui.bench.keyrotation --rows 2000000 --backend sqlite
	$(UV) run --frozen python -m gonghui.bench.keyrotation --rows 2000000 --backend postgresql

loadtest: setup
	$(UV) run --frozen python scripts/loadtest.py $(ARGS)

faulttest: setup
	$(UV) run --frozen python scripts/faulttest.py $(ARGS)

lint: python-env
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: python-env
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

# No language prefix on catalogue paths: LOCALE_PATHS[0] (gonghui/locale) and app locales.
messages: setup
	$(GONGHUI) makemessages -l zh_Hans -l en --no-obsolete \
		--ignore node_modules --ignore var --ignore '.venv' --ignore 'gonghui/static_vendor'
	$(GONGHUI) compilemessages --ignore node_modules --ignore '.venv'
