"""axe-core (npm, node_modules/) run in a page of the browser tests: its serious and critical violations."""

from __future__ import annotations

from tests.conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[dict]:
    """Inject axe-core into `page` (as it stands) and return each serious or critical violation: its rule id,
    impact and first three nodes."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({id: v.id, "
        "impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [violation for violation in violations if violation["impact"] in ("serious", "critical")]
