# The two commands a newcomer needs: `make demo` and `make test`. Each installs what it needs first.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench,spark]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/partnerops demo

test: $(STAMP)
	scripts/ensure-system-packages.sh
	PARTNEROPS_TEST_POSTGRES_URL="$${PARTNEROPS_TEST_POSTGRES_URL:-$$(scripts/ensure-postgres.sh)}" \
		$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

lint: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) partnerops.db partnerops-demo .pytest_cache
