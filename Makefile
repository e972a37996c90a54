# `make` builds dist/ from content/; `make test` runs the checks and tests.
# Both create .venv with the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Debian packages the build needs beside PyPI: Pango (WeasyPrint's text layout), HarfBuzz's
# subsetter (fast font subsetting), the fonts the styles name, and Java for EPUBCheck.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-crosextra-carlito fonts-dejavu-core

.PHONY: all build test lint missing-packages check-system clean

all: build

missing-packages:
	@for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done; \
	command -v java >/dev/null 2>&1 || echo default-jre-headless

check-system:
	@missing="$$($(MAKE) -s --no-print-directory missing-packages)"; \
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

test: $(STAMP) lint
	$(PY) -m pytest

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
