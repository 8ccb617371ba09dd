# Library digitization service. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell scripts/find-python)
STAMP := $(VENV)/.installed
# aws-sam-cli pins an older boto3 than the project's, so it lives in its own venv,
# on exactly the Lambda runtime's Python (sam build looks for `python3.12` on PATH).
SAM_VENV ?= .venv-sam
SAM := $(SAM_VENV)/bin/sam
SAM_STAMP := $(SAM_VENV)/.installed
SAM_PYTHON ?= $(shell scripts/find-python 3.12)
# The runtime's interpreter on PATH only when `python3.12` there does not run (a bare pyenv shim).
SAM_PATH = $(if $(shell python3.12 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null && echo ok),$(PATH),$(dir $(SAM_PYTHON)):$(PATH))
# No telemetry, and no prompt can wait for an answer (stdin is empty).
SAM_RUN = SAM_CLI_TELEMETRY=0 PATH="$(SAM_PATH)" $(SAM)
CODE := layers/shared/digitization functions local_stack tests bench scripts/*.py
NODE_STAMP := node_modules/.installed
OPENAPI := layers/shared/digitization/openapi.json
# The browser tests drive Debian's Chromium (Playwright cannot download its own browsers here).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help install run test lint typecheck template-lint template-build openapi-lint pytest openapi bench bench-rules bench-reports bench-smoke build deploy clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt layers/shared/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) ## Create the venv and install the pinned dependencies

$(SAM_STAMP): requirements-sam.txt
	@test -n "$(SAM_PYTHON)" || { echo "aws-sam-cli and sam build need Python 3.12 (the Lambda runtime)" >&2; exit 1; }
	test -x $(SAM_VENV)/bin/python || $(SAM_PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --upgrade pip==26.3
	$(SAM_VENV)/bin/python -m pip install --quiet -r requirements-sam.txt
	touch $(SAM_STAMP)

run: $(STAMP) ## Start the whole service locally (embedded AWS, API, demo data)
	$(PY) -m local_stack $(ARGS)

test: $(STAMP) lint typecheck template-lint template-build openapi-lint pytest bench-smoke ## Lint, type-check, lint and build the template, lint the OpenAPI, run every test and every benchmark (--smoke)

lint: $(STAMP) ## ruff check and format check
	$(VENV)/bin/ruff check $(CODE)
	$(VENV)/bin/ruff format --check $(CODE)

typecheck: $(STAMP) ## mypy (strict)
	$(VENV)/bin/mypy $(CODE)

template-lint: $(STAMP) ## cfn-lint the SAM template
	$(VENV)/bin/cfn-lint template.yaml

template-build: $(STAMP) $(SAM_STAMP) ## sam validate --lint, sam build into a throwaway directory, check the build
	$(SAM_RUN) validate --lint --template-file template.yaml </dev/null
	build=$$(mktemp -d); trap 'rm -rf "$$build"' EXIT; \
	$(SAM_RUN) build --template-file template.yaml --build-dir "$$build" </dev/null && \
	$(PY) scripts/check_build.py "$$build"

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

openapi-lint: $(STAMP) $(NODE_STAMP) ## The OpenAPI document is current and passes Redocly (recommended) and Spectral (oas) with no warning
	$(PY) scripts/openapi.py --check
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly lint $(OPENAPI) --max-problems 50
	node_modules/.bin/spectral lint $(OPENAPI) --ruleset .spectral.yaml --fail-severity=warn

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Test files are shared among PYTEST_WORKERS processes (a file's tests stay together: its moto stack or
# local stack is built once). Much of a walk's time is waiting on another process, so two overlap well.
PYTEST_WORKERS ?= 2

pytest: $(STAMP) $(CHROMIUM) ## The tests: unit, integration (moto), end-to-end (HTTP), the web app in Chromium
	CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=10 $(PYTEST_ARGS)

openapi: $(STAMP) ## Regenerate the served OpenAPI document from the handlers
	$(PY) scripts/openapi.py --write

bench: $(STAMP) ## Print the benchmark figures (the rules engine's: make bench-rules, ~8 min)
	$(PY) bench/request_lifecycle.py
	$(PY) bench/delivery.py
	$(PY) bench/cold_start.py
	$(PY) bench/local_throughput.py --clients 1
	$(PY) bench/local_throughput.py --clients 8

bench-rules: $(STAMP) ## The rules engine benchmark: N = 0/10k/100k requests, K = 10/100/1000, 50 rules
	$(PY) bench/rules_engine.py

bench-reports: $(STAMP) ## The compliance reports at 10k and 100k requests in the year (time, DynamoDB calls)
	$(PY) bench/reports.py

bench-smoke: $(STAMP) ## Every benchmark at tiny sizes (--smoke, seconds each): fails if one breaks
	$(PY) bench/request_lifecycle.py --smoke
	$(PY) bench/delivery.py --smoke
	$(PY) bench/rules_engine.py --smoke
	$(PY) bench/reports.py --smoke
	$(PY) bench/cold_start.py --smoke
	$(PY) bench/local_throughput.py --smoke

build: $(SAM_STAMP) ## sam build into .aws-sam/build (for deploy)
	$(SAM_RUN) build </dev/null

deploy: build $(STAMP) ## sam deploy --guided (asks for the stack's settings), then upload the web app to its bucket
	SAM_CLI_TELEMETRY=0 $(SAM) deploy --guided
	$(PY) scripts/publish_web.py

clean: ## Remove the venv, build output and local state
	rm -rf $(VENV) $(SAM_VENV) node_modules .aws-sam .local .pytest_cache .mypy_cache .ruff_cache
