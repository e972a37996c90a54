# `make` builds dist/ from content/ and dist/examples/report/ from examples/report/; `make test`
# runs the checks and tests.
# Both create .venv with the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The Debian packages beside PyPI are listed once, in system-packages.txt; `make` installs
# what the build needs and `make test` what the tests need too (apt-get as root, sudo
# otherwise), through scripts/system-packages. SYSTEM_PACKAGES names another list (the tests).
SYSTEM_PACKAGES ?= system-packages.txt
NODE_STAMP := node_modules/.installed

.PHONY: all build test lint system-packages test-packages missing-packages clean

all: build

system-packages:
	@scripts/system-packages install build $(SYSTEM_PACKAGES)

test-packages:
	@scripts/system-packages install test $(SYSTEM_PACKAGES)

missing-packages:
	@scripts/system-packages missing test $(SYSTEM_PACKAGES)

$(STAMP): pyproject.toml constraints.txt | system-packages
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The sample (content/ -> dist/) and the worked example of every feature of the format
# (examples/report/ -> dist/examples/report/), each built and verified.
build: system-packages $(STAMP)
	$(PY) build.py
	$(PY) build.py --content examples/report --out dist/examples/report

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# DAISY Ace for the EPUB test, from package-lock.json; Chromium is Debian's, not Puppeteer's.
$(NODE_STAMP): package.json package-lock.json | test-packages
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

test: test-packages $(STAMP) $(NODE_STAMP) lint
	$(PY) -m pytest

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
