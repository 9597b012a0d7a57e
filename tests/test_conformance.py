"""Every built page is conforming HTML: the Nu Html Checker (npm vnu-jar, Debian's Java) over all of them.

One Java run checks every page of every built release of the real data, of the three fixture
releases (outdated banners, retired pages, changes) and of the injection corpus (hostile text must
stay valid markup too). Material's header carries two errors per page
that only Material can fix; they are filtered by their exact message, at most two per page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from scripts.sitebuild import build_site
from tests.conftest import FIXTURES, REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material 9.8.1 base.html: <input type="checkbox" id="__drawer" autocomplete="off"> and the same for
# "__search". Nothing of ours renders these inputs.
MATERIAL_HEADER = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”."
)


def _pages(site: Path) -> list[Path]:
    """Every HTML file of the deployable folder; latest/ is a copy of a release, checked as that release."""
    return sorted(path for path in site.rglob("*.html") if path.relative_to(site).parts[0] != "latest")


def vnu_errors(pages: list[Path]) -> list[dict]:
    """The checker's errors for all pages, from one Java run (JSON on stderr)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("no Java runtime: `make test` installs Debian's default-jre-headless")
    assert VNU.is_file(), "node_modules/vnu-jar is missing: run `npm ci` (make .venv/.ready)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(result.stderr)["messages"]


@pytest.fixture(scope="module")
def fixture_sites(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    sites = []
    for name in ("injection", "releases"):
        out = tmp_path_factory.mktemp(f"{name}-vnu") / "site"
        build_site(out, FIXTURES / name)
        sites.append(out)
    return sites


def test_every_built_page_is_conforming_html(built_site, fixture_sites):
    """Zero errors on every page, apart from Material's two header errors (exact message, two per page)."""
    pages = _pages(built_site) + [page for site in fixture_sites for page in _pages(site)]
    assert len(_pages(built_site)) > 150
    messages = vnu_errors(pages)
    material = Counter(m["url"] for m in messages if m["message"] == MATERIAL_HEADER)
    ours = [
        f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m["message"] != MATERIAL_HEADER
    ]
    assert ours == []
    assert max(material.values(), default=0) <= 2
