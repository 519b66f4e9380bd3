# forumsite — two commands: `make run` and `make test`. Both set everything up first and are
# quick the second time (stamp files remember what is already installed).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 5000
PYTEST_ARGS ?=

.PHONY: setup run test test-sqlite test-postgresql messages wheel clean

setup: $(VENV)/.installed static/vendor/.installed translations/.compiled

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("forumsite needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,server]'
	touch $@

# htmx and its SSE extension from npm (exact pins in package-lock.json), copied into a git-ignored folder.
static/vendor/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/htmx-ext-sse/dist/sse.min.js static/vendor/sse.min.js
	touch $@

translations/.compiled: $(VENV)/.installed $(wildcard translations/*/LC_MESSAGES/messages.po)
	$(VENV)/bin/pybabel -q compile --use-fuzzy -d translations
	touch $@

run: setup
	$(VENV)/bin/flask --app app init-db
	$(VENV)/bin/flask --app app demo --if-empty
	HOST=$(HOST) PORT=$(PORT) $(PY) app.py

# The whole suite on SQLite; then again on PostgreSQL when TEST_DATABASE_URL is set (CI sets it).
test: setup
	$(VENV)/bin/ruff check forumsite tests app.py setup.py benchmarks
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgresql; fi

test-sqlite:
	TEST_DATABASE_URL= $(PY) -m pytest $(PYTEST_ARGS)

test-postgresql:
	$(PY) -m pytest $(PYTEST_ARGS)

# The laptop package (issue 17.6): dist/forumsite-<version>-py3-none-any.whl carries templates, static (htmx
# from npm), migrations and compiled translations; `pipx install dist/forumsite-*.whl` then `forumsite run`.
# npm is needed here, on the builder's machine, never on the laptop. build/ is cleared: no stale module ships.
wheel: $(VENV)/.installed static/vendor/.installed
	rm -rf build
	$(PY) -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir dist .
	@ls -1 dist/forumsite-*.whl

# Refresh the message catalogue after changing user-facing text.
messages: setup
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -o translations/messages.pot .
	$(VENV)/bin/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules static/vendor translations/.compiled build dist
