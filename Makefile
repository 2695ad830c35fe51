# Every target sets itself up on a fresh machine: system packages, .venv, locked Python packages, and the
# Node packages the build runs (node_modules/ from package-lock.json: Workbox, for the service worker).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup setup-test serve build test test-fast bench lock clean

$(STAMP): requirements.lock pyproject.toml scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

# the Node packages (package-lock.json: exact versions): the browser libraries the site ships, copied into
# site/ by hooks/vendor.py, and Workbox, which the build runs to write the service workers (hooks/offline.py)
$(NODE_STAMP): package.json package-lock.json scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## setup: install the system packages the build needs (apt: fonts, word lists, npm), create .venv, install
##        requirements.lock and package-lock.json (npm ci)
setup: $(STAMP) $(NODE_STAMP)

## setup-test: setup, plus the system packages only the tests need (apt: Chromium, poppler-utils)
setup-test: setup
	bash scripts/install-system-deps.sh test

## serve: build the site and serve it at http://127.0.0.1:$(PORT) with live reload (PORT=8001 make serve)
serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

## build: write the whole three-edition site to site/ (strict: any warning fails); open it with python3 -m http.server -d site
build: setup
	$(BIN)/mkdocs build --strict --clean

# the tests' Python keeps compiled modules in __pycache__/ (git ignores them), pytest's rewritten test modules
# included, also where PYTHONDONTWRITEBYTECODE is set: rewriting every test module again took 3 s of each run
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

## test: run every test (unit, build, browser) in two worker processes; .ci/run calls this
test: setup-test
	$(PYTEST) -n 2 --dist loadfile

## test-fast: the edit loop: unit tests and small fixture-site builds (no full site, no PDFs, no browser)
test-fast: setup-test
	$(PYTEST) -n 2 --dist loadfile -m "not browser and not full_site and not pdf"

## bench: print the project's figures (build time, sizes, dedupe time)
bench: setup
	$(BIN)/python bench/run.py

## lock: re-resolve requirements.in into requirements.lock (needs network to PyPI)
lock: setup
	$(BIN)/python -m pip install -q pip-tools
	$(BIN)/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock requirements.in

## clean: remove site/, caches (.cache/: PDF handouts, search record files, dedup report, compiled templates, jieba, Chinese readings) and test artefacts (keeps .venv)
clean:
	rm -rf site test-artifacts .pytest_cache .cache
