# The kiosk's two commands, on Linux and macOS (Windows: see README.md):
#   make run    set up .venv from requirements.lock and start the exhibit full screen
#   make test   set up .venv with requirements-dev.lock too and run the whole test suite
# Other targets: demo (windowed), lint, validate, export (to ./export-out), clean, help.
# Set-up is skipped when nothing changed: a stamp file in .venv is newer than the lock files.
# Choose the interpreter with PYTHON=..., e.g. `make test PYTHON=python3.12`; pass program
# arguments with ARGS=..., e.g. `make demo ARGS="--size 1920x1080 --lang fr"`, and pytest
# arguments with PYTEST_ARGS=..., e.g. `make test PYTEST_ARGS="-k cli -x"`.

.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV ?= .venv
VENV_PY := $(VENV)/bin/python
# The first Python 3.11+ found, 3.11 preferred (the version the lock files are generated on).
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)

RUN_STAMP := $(VENV)/.stamp-run
TEST_STAMP := $(VENV)/.stamp-test
PIP := $(VENV_PY) -m pip --disable-pip-version-check
ARGS ?=
PYTEST_ARGS ?=
EXPORT_DIR ?= export-out

.PHONY: help setup setup-dev run demo test lint validate export docs-images bench package clean

help:
	@echo "make run       start the exhibit full screen with the bundled content (Esc does not quit; use Ctrl+C)"
	@echo "make demo      the same in a normal window (Esc quits)"
	@echo "make test      run the whole test suite (QT_QPA_PLATFORM=offscreen pytest)"
	@echo "make lint      ruff check"
	@echo "make validate  check the bundled content pack"
	@echo "make export    render every screen to ./$(EXPORT_DIR) (PNGs and contact-sheet.pdf)"
	@echo "make docs-images  redraw docs/images/ (the curators' guide's screenshots) with export"
	@echo "make bench     performance benchmark against a bare Qt window (minutes; ARGS=--quick: seconds)"
	@echo "make package   the self-contained bundle (PyInstaller) in dist/, its size, and a .tar.gz to install"
	@echo "make clean     remove .venv and generated output"
	@echo "Options: PYTHON=python3.12  ARGS=\"--size 1920x1080\"  PYTEST_ARGS=\"-k cli\""

$(VENV_PY):
	@if [ -z "$(PYTHON)" ]; then echo "No Python 3.11 or newer found; install one or pass PYTHON=/path/to/python3.11" >&2; exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "$(PYTHON) is Python %d.%d; the kiosk needs 3.11 or newer" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)

# Runtime packages at their exact pins, then the kiosk itself (editable, no dependency resolution).
$(RUN_STAMP): requirements.lock pyproject.toml | $(VENV_PY)
	$(PIP) install -q -r requirements.lock
	$(PIP) install -q --no-deps --no-build-isolation -e .
	@touch $@

$(TEST_STAMP): $(RUN_STAMP) requirements-dev.lock
	$(PIP) install -q -r requirements-dev.lock
	@touch $@

setup: $(RUN_STAMP)
setup-dev: $(TEST_STAMP)

run: $(RUN_STAMP)
	$(VENV_PY) main.py $(ARGS)

demo: $(RUN_STAMP)
	$(VENV_PY) main.py --windowed $(ARGS)

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV_PY) -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(VENV_PY) -m ruff check .

validate: $(RUN_STAMP)
	$(VENV_PY) main.py validate content

export: $(RUN_STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV_PY) main.py export $(EXPORT_DIR) $(ARGS)

# The guide's pictures are exported from its examples; tests/curator/test_guide.py fails when they are stale.
docs-images: $(RUN_STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV_PY) docs/images/make_images.py

# Needs Xvfb (Debian: xvfb x11-utils); see docs/performance.md. Exit status 1 when a budget is missed.
bench: $(RUN_STAMP)
	$(VENV_PY) benchmarks/run.py $(ARGS)

# dist/iter-kiosk/ and dist/iter-kiosk-<version>-<os>-<arch>.tar.gz; fails over 150 MB on Linux (docs/operators.md).
package: $(TEST_STAMP)
	$(VENV_PY) packaging/build.py $(ARGS)

clean:
	rm -rf $(VENV) $(EXPORT_DIR) screens-out .pytest_cache *.egg-info
