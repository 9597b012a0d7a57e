"""The Python examples of the "Using the data" page, run when the page is built.

The page shows each example's real output, so an example that no longer runs fails the build,
and tests/test_examples.py runs them again as a reader would.
"""

from __future__ import annotations

import contextlib
import io
import runpy
from pathlib import Path

from . import urls
from .render.escape import html_text

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def run_example(name: str) -> str:
    """What the example prints; any exception propagates and stops the build."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return output.getvalue()


def example_html(name: str, page_url: str, output: str | None = None) -> str:
    """The example's code, a link to the file, and the output it printed during this build (`output`,
    run by macros/generate.py; run here when not given)."""
    code = (EXAMPLES / name).read_text(encoding="utf-8")
    href = html_text(urls.relative(page_url, f"examples/{name}"))
    return (
        f'<p class="example-file"><a href="{href}"><code>docs/examples/{html_text(name)}</code></a></p>\n'
        f'<pre class="example-code"><code class="language-python">{html_text(code)}</code></pre>\n'
        f'<p class="example-output-label">Output when this page was built:</p>\n'
        f'<pre class="example-output" data-search-exclude><code>{html_text(run_example(name) if output is None else output)}</code></pre>\n'
    )
