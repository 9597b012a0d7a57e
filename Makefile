# One entry point. Every target sets up what it needs on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: serve preview site test lint bench chromium java clean

serve: $(READY)  ## the deployable site (every release, latest/, version selector) on http://127.0.0.1:8000, rebuilt and reloaded on edits
	$(PY) -m scripts.guideline serve $(if $(SITE_URL),--site-url $(SITE_URL))

preview: $(READY)  ## faster live preview for editing: rebuilds only the pages an edit changes (nav and lists may lag)
	$(PY) -m mkdocs serve --dirty --no-strict -a 127.0.0.1:8000

site: $(READY)  ## build every published release into site/ (atomic); SITE_URL=https://host/path/ names its public address
	$(PY) -m scripts.guideline build $(if $(SITE_URL),--site-url $(SITE_URL))

test: $(READY) chromium java  ## every test, browser tests included
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(READY)
	$(PY) -m ruff check .

bench: $(READY) chromium
	$(PY) -m scripts.bench

$(READY): requirements.txt package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	npm ci --no-audit --no-fund --silent  # macros/hooks.py serves the assets from node_modules/
	touch $(READY)

chromium:  ## Debian's Chromium for the browser tests (Playwright never downloads a browser here)
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

java:  ## Debian's Java runtime for the Nu Html Checker (npm vnu-jar; its own Java download never runs)
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

clean:
	rm -rf $(VENV) node_modules site dist .cache
