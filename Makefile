# Every target creates .venv and installs on first use, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test bench fuzz install serve

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/placera demo --host $(HOST) --port $(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest

# The long fuzz run: schemathesis over every operation, as every role (make test runs a few examples).
fuzz: $(VENV)/.installed
	PLACERA_FUZZ_EXAMPLES=$${PLACERA_FUZZ_EXAMPLES:-200} $(PY) -m pytest tests/web/test_fuzz_api.py -q -s -p no:cacheprovider

bench: $(VENV)/.installed
	@set -e; for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script; done
