# The two commands a newcomer needs: `make demo` and `make test`. Each installs what it needs first, and no more:
# the demo the core dependencies only; the tests add the `test` and `spark` extras; the benchmarks the `bench` extra.
VENV   := .venv
PY     := $(VENV)/bin/python
PYTEST_WORKERS ?= 2

.PHONY: demo test lint bench docs install clean

# One stamp per set of extras, each rebuilt when pyproject.toml changes.
$(VENV)/.installed-%: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.$(EXTRAS_$*)'
	touch $@

EXTRAS_core  :=
EXTRAS_test  := [test,spark]
EXTRAS_bench := [bench]
EXTRAS_docs  := [docs]

install: $(VENV)/.installed-core

demo: $(VENV)/.installed-core
	$(VENV)/bin/partnerops demo

test: $(VENV)/.installed-test
	scripts/ensure-system-packages.sh
	PARTNEROPS_TEST_POSTGRES_URL="$${PARTNEROPS_TEST_POSTGRES_URL:-$$(scripts/ensure-postgres.sh)}" \
		$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

bench: $(VENV)/.installed-bench
	$(PY) bench/run_all.py

# The reference site (docs/, mkdocs.yml) as static HTML in site/, built offline.
docs: $(VENV)/.installed-docs
	$(VENV)/bin/mkdocs build --strict

clean:
	rm -rf $(VENV) partnerops.db partnerops-demo .pytest_cache site
