# NutriGap: `make run` starts the app, `make test` runs every check. Both install what is missing first:
# `make run` only what running needs (RUN_STAMP), `make test` the test and development tools too (STAMP).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
LINT_PATHS := nutrigap tests scripts $(wildcard benchmarks)

.PHONY: run test lint typecheck bench bench-quick screenshots clean

$(RUN_STAMP): pyproject.toml scripts/bootstrap.sh
	@sh scripts/bootstrap.sh "$(PYTHON)" "$(VENV)" run
	@touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	@sh scripts/bootstrap.sh "$(PYTHON)" "$(VENV)" test
	@touch $(STAMP)

run: $(RUN_STAMP)
	$(BIN)/nutrigap

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest runs beside a throw-away PostgreSQL server (scripts/with_postgres.sh) so the diary store is tested
# against PostgreSQL as well as SQLite; without PostgreSQL those tests are skipped with the reason.
test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen sh scripts/with_postgres.sh $(BIN)/python -m pytest

# BEFORE=DIR: also time the one-time costs of an older nutrigap package in DIR (see benchmarks/startup.py)
bench: $(STAMP)
	$(BIN)/python -m benchmarks $(if $(BEFORE),--before $(BEFORE))

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks --quick

screenshots: $(RUN_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# --- packaging (README "Install") -------------------------------------------------------------------------
.PHONY: bundle bundle-window-check install-desktop uninstall-desktop icons

bundle: $(STAMP)  ## one-folder PyInstaller bundle in dist/NutriGap, smoke-tested, packed as a .tar.gz
	VENV=$(VENV) sh packaging/build-bundle.sh

bundle-window-check:  ## start dist/NutriGap on Xvfb, wait for its window, screenshot to dist/window-check.png
	sh packaging/check-bundle-window.sh dist/NutriGap dist/window-check.png

install-desktop: $(STAMP)  ## launcher entry and icons for this checkout, for your user (~/.local/share)
	sh packaging/install-desktop.sh --exec "$(abspath $(BIN)/nutrigap)"

uninstall-desktop:
	sh packaging/install-desktop.sh --uninstall

icons:  ## re-render resources/icons/*.png from the SVGs (needs rsvg-convert)
	sh scripts/render_icons.sh
