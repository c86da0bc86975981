# Two commands do all set-up on a fresh machine with Python 3.11 and pip:
#   make run    creates .venv, installs strikewatch, runs it on examples/articles, prints incidents, writes export.json
#   make test   installs the test dependencies into .venv if needed and runs the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= strikewatch.db

.PHONY: run test setup test-setup assets bench lint clean

$(BIN)/strikewatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

setup: $(BIN)/strikewatch assets
	@$(BIN)/strikewatch gazetteer info   # builds the gazetteer cache on first use (about two minutes)

# Leaflet and Natural Earth outlines for the offline map (npm, at set-up); the UI works without them.
assets:
	@if command -v npm >/dev/null 2>&1; then bash scripts/web_assets.sh; \
	else echo "npm not found: the web map will show without country outlines (install Node.js and run 'make assets')"; fi

run: setup
	$(BIN)/strikewatch run examples/articles --db $(DB) || [ $$? -eq 2 ]
	$(BIN)/strikewatch incidents --db $(DB)
	$(BIN)/strikewatch export --db $(DB) --format json --output export.json

$(VENV)/.test-deps: $(BIN)/strikewatch pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@touch $@

test-setup: $(VENV)/.test-deps assets
	@$(BIN)/strikewatch gazetteer info

test: test-setup
	$(BIN)/ruff check src tests bench eval
	$(BIN)/pytest -q

bench: $(VENV)/.test-deps
	$(BIN)/python bench/run_bench.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm export.json test-output
