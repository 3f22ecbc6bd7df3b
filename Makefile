# The two commands: `make run` (demo on http://localhost:8069) and `make test`.
# Odoo 18 must be importable by $(PYTHON): see README.md, "Prerequisites".
# `make test` installs what it lacks (requirements-dev.txt, Debian's chromium):
# tools/devtool.py, ensure_tools.
PYTHON ?= $(if $(ODOO_PYTHON),$(ODOO_PYTHON),python3)
DEVTOOL = $(PYTHON) tools/devtool.py

.PHONY: run test suite upgrade-check lint bench load pot test-odoo help

help:
	@echo "make run [REBUILD=1] [UPDATE=1]  serve the demo database on http://localhost:8069"
	@echo "make test [ARGS='-k grade']      throwaway database, install check, all tests"
	@echo "make suite                        the tests through Odoo's own runner, demo data loaded"
	@echo "make upgrade-check [FROM=<ref>]   the previous release's demo database upgrades, nothing lost"
	@echo "make lint                         ruff + pylint-odoo (pinned in requirements-dev.txt)"
	@echo "make bench [ONLY=grades]          benchmarks in bench/"
	@echo "make load [USERS=30 SECONDS=300]  load test on Odoo's multi-process server (bench/load_test.py)"
	@echo "make pot                          regenerate i18n/*.pot, merge i18n/zh_CN.po"
	@echo "make test-odoo [TAGS=/sale_stock] [BASELINE=1]"
	@echo "                                  Odoo's own tests with the module installed;"
	@echo "                                  BASELINE=1 also without it, and compares"

run:
	@$(DEVTOOL) run $(if $(REBUILD),--rebuild) $(if $(UPDATE),--update)

test:
	@$(DEVTOOL) test -- $(ARGS)

suite:
	@$(DEVTOOL) suite

upgrade-check:
	@$(PYTHON) tools/upgrade_check.py $(if $(FROM),--from $(FROM))

lint:
	@$(DEVTOOL) tools --no-browser
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m pylint --rcfile=.pylintrc sales_cs_desk

bench:
	@$(DEVTOOL) bench $(if $(ONLY),--only $(ONLY))

load:
	@$(DEVTOOL) load $(if $(USERS),--users $(USERS)) $(if $(SECONDS),--seconds $(SECONDS))

pot:
	@$(DEVTOOL) pot

test-odoo:
	@$(DEVTOOL) odoo-tests $(if $(TAGS),--tags $(TAGS)) $(if $(BASELINE),--baseline)
