# Library digitization service. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell scripts/find-python)
STAMP := $(VENV)/.installed
CODE := layers/shared/digitization functions local_stack tests bench scripts/*.py

.PHONY: help install run test lint typecheck template-lint pytest openapi bench bench-rules bench-smoke build deploy clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt layers/shared/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) ## Create the venv and install the pinned dependencies

run: $(STAMP) ## Start the whole service locally (embedded AWS, API, demo data)
	$(PY) -m local_stack $(ARGS)

test: $(STAMP) lint typecheck template-lint pytest bench-smoke ## Lint, type-check, lint the template, run every test and every benchmark (--smoke)

lint: $(STAMP) ## ruff check and format check
	$(VENV)/bin/ruff check $(CODE)
	$(VENV)/bin/ruff format --check $(CODE)

typecheck: $(STAMP) ## mypy (strict)
	$(VENV)/bin/mypy $(CODE)

template-lint: $(STAMP) ## cfn-lint the SAM template
	$(VENV)/bin/cfn-lint template.yaml

pytest: $(STAMP) ## The tests: unit, integration (moto), end-to-end (HTTP)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

openapi: $(STAMP) ## Regenerate the served OpenAPI document from the handlers
	$(PY) scripts/openapi.py --write

bench: $(STAMP) ## Print the benchmark figures (the rules engine's: make bench-rules, ~8 min)
	$(PY) bench/request_lifecycle.py
	$(PY) bench/delivery.py

bench-rules: $(STAMP) ## The rules engine benchmark: N = 0/10k/100k requests, K = 10/100/1000, 50 rules
	$(PY) bench/rules_engine.py

bench-smoke: $(STAMP) ## Every benchmark at tiny sizes (--smoke, seconds each): fails if one breaks
	$(PY) bench/request_lifecycle.py --smoke
	$(PY) bench/delivery.py --smoke
	$(PY) bench/rules_engine.py --smoke

build: ## sam build (needs aws-sam-cli in its own venv; see README)
	sam build

deploy: build ## sam deploy --guided
	sam deploy --guided

clean: ## Remove the venv, build output and local state
	rm -rf $(VENV) .aws-sam .local .pytest_cache .mypy_cache .ruff_cache
