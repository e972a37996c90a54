# `make` builds dist/ from content/; `make test` runs the checks and tests.
# Both create .venv with the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Debian packages the build needs beside PyPI: Pango (WeasyPrint's text layout), HarfBuzz's
# subsetter (fast font subsetting), the fonts the styles name, and Java for EPUBCheck (the JDK:
# its compiler runs the small program that keeps EPUBCheck warm during a build).
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-crosextra-carlito fonts-dejavu-core
# What only the tests need, as command:package: DAISY Ace (npm) drives a headless Chromium.
# `make` does not ask for them (check-system empties the list); `missing-packages` lists them.
TEST_TOOLS := chromium:chromium node:nodejs npm:npm
NODE_STAMP := node_modules/.installed

.PHONY: all build test lint missing-packages check-system clean

all: build

missing-packages:
	@for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done; \
	command -v javac >/dev/null 2>&1 || echo default-jdk-headless; \
	for t in $(TEST_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || echo $${t#*:}; done

check-system:
	@missing="$$($(MAKE) -s --no-print-directory missing-packages TEST_TOOLS=)"; \
	if [ -n "$$missing" ]; then \
	  echo "Missing system packages:" $$missing; \
	  echo "Install them with:  sudo apt-get install -y" $$missing; \
	  exit 1; \
	fi

$(STAMP): pyproject.toml constraints.txt
	@$(MAKE) -s --no-print-directory check-system
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(PY) build.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# DAISY Ace for the EPUB test, from package-lock.json; Chromium is Debian's, not Puppeteer's.
# Without npm the Ace test skips and says why (never under CI=true).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the DAISY Ace test will skip (Debian: nodejs npm)"; fi

test: $(STAMP) $(NODE_STAMP) lint
	$(PY) -m pytest

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
