# One entry point. Every target sets up what it needs on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: serve preview site test lint bench chromium java clean check-zensical

serve: $(READY)  ## the deployable site (every release, latest/, version selector) on http://127.0.0.1:8000, rebuilt and reloaded on edits
	$(PY) -m scripts.guideline serve $(if $(SITE_URL),--site-url $(SITE_URL))

preview: serve  ## the generator keeps every page correct, so preview is make serve (no `serve --dirty` lag)

site: $(READY)  ## build every published release into site/ (atomic); SITE_URL=https://host/path/ names its public address
	$(PY) -m scripts.guideline build $(if $(SITE_URL),--site-url $(SITE_URL))

test: $(READY) chromium java  ## every test, browser tests included
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(READY)
	$(PY) -m ruff check .

bench: $(READY) chromium  ## build benchmark, then search on the phone profile at 1, 10 and 26 chapters (scripts/searchbench.py)
	$(PY) -m scripts.bench
	$(PY) -m scripts.searchbench --chapters 1,10,26

$(READY): requirements.txt package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	npm ci --no-audit --no-fund --silent  # macros/generate.py vendors the assets from node_modules/
	touch $(READY)

chromium:  ## Debian's Chromium for the browser tests (Playwright never downloads a browser here)
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

java:  ## Debian's Java runtime for the Nu Html Checker (npm vnu-jar; its own Java download never runs)
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

# Zensical (optional, not part of `make test`): its own venv from requirements-zensical.txt; where the
# pinned pair does not install (zensical-ui missing from the registry) the fallback, said out loud.
ZENSICAL_FALLBACK := zensical==0.0.73
ZVENV := .venv-zensical
check-zensical: $(READY)  ## build the latest release's generated tree with Zensical --strict
	test -x $(ZVENV)/bin/python || $(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-zensical.txt \
	  || { echo "check-zensical: the pinned pair in requirements-zensical.txt does not install here; using $(ZENSICAL_FALLBACK)" >&2; \
	       $(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt $(ZENSICAL_FALLBACK); }
	$(ZVENV)/bin/python -m pip show zensical | grep -E '^(Name|Version)'
	$(PY) -m scripts.guideline generate --out .cache/zensical
	cd .cache/zensical && ../../$(ZVENV)/bin/zensical build --strict --clean -f mkdocs.yml
	@echo "check-zensical: built $$(find .cache/zensical/site -name index.html | wc -l) pages into .cache/zensical/site/"

clean:
	rm -rf $(VENV) $(ZVENV) node_modules site dist .cache
