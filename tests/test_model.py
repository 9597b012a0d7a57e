"""macros/model.py: which fields hold source line numbers is said once, beside the models."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from macros import model
from macros.model import LINE_FIELDS, LINE_LIST_FIELDS, RANGE_FIELDS, SOURCE_LINE_FIELDS, named_lines

REPO = Path(__file__).resolve().parent.parent
NUMBERS = {"tuple[int, ...]", "int", "int | None"}
NOT_LINES = {"slide"}  # a slide number, not a line of the source


def _model_fields() -> list[tuple[str, str, str]]:
    return [
        (cls.__name__, f.name, str(f.type))
        for cls in vars(model).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls is not model.Where
        for f in dataclasses.fields(cls)
        if not f.metadata.get("loader")
    ]


def test_every_field_of_line_numbers_is_listed():
    """A model field holding numbers is a source line field (slide numbers aside), and every listed name exists."""
    numbered = {(cls, name) for cls, name, kind in _model_fields() if kind in NUMBERS and name not in NOT_LINES}
    assert sorted((cls, name) for cls, name in numbered if name not in SOURCE_LINE_FIELDS) == []
    assert set(SOURCE_LINE_FIELDS) <= {name for _, name, _ in _model_fields()}
    assert set(LINE_LIST_FIELDS) | set(LINE_FIELDS) | set(RANGE_FIELDS) == set(SOURCE_LINE_FIELDS)


def test_named_lines_walks_every_block_and_skips_ranges_and_loader_positions(release):
    """A topic names its title, layout, blocks and footnotes' lines; its own range and `at` positions are no lines."""
    topic = release.topics[0]
    found = named_lines(topic)
    assert set(topic.title.lines) <= found
    assert found <= set(range(topic.source_lines[0], topic.source_lines[-1] + 1))


def test_only_model_py_lists_the_line_fields():
    """No other module writes a tuple, list or set of line fields' names of its own."""
    name = r"""["'](lines|label_lines|layout_lines|grade_line|line|source_lines)["']"""
    listing = re.compile(r"[([{]\s*" + name + r"(\s*,\s*" + name + r")+\s*,?\s*[)\]}]")
    old = ['LINE_KEYS = {"lines", "source_lines", "grade_line"}', 'for key in ("grade_line", "line"):']
    assert all(listing.search(line) for line in old)
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in ("macros", "scripts")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path != REPO / "macros" / "model.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if listing.search(line)
    ]
    assert offenders == []
