"""data/recommendations.xlsx: the CSV's rows as a workbook whose every cell is text, written by openpyxl.

A spreadsheet reads a CSV cell beginning with `+`, `-` or `=` as a formula (`+/-` becomes an error);
in a workbook a cell typed as text stays the characters printed. Same data, same bytes: the document
properties carry no clock, and the zip is rewritten with fixed entry times.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.writer.excel import ExcelWriter

from .export import recommendation_rows
from .model import Release

_FIXED_TIME = datetime(2000, 1, 1)  # document properties must hold a date; never the clock
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def recommendations_xlsx(release: Release) -> bytes:
    """The workbook: one sheet 'recommendations', header row frozen, every cell a text cell."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "recommendations"
    for row in recommendation_rows(release):
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = TYPE_STRING  # openpyxl would read a text starting with '=' as a formula
            cell.number_format = "@"  # Excel's Text format: an edited cell stays text too
    sheet.freeze_panes = "A2"
    workbook.properties.creator = release.metadata.publisher
    workbook.properties.title = f"{release.metadata.title}, release {release.id}: graded recommendations"
    workbook.properties.created = workbook.properties.modified = _FIXED_TIME
    written = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the clock into the document's `modified` property.
    ExcelWriter(workbook, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_times(written.getvalue())


def _fixed_times(archive: bytes) -> bytes:
    """The same zip with every entry's time fixed, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    rewritten = io.BytesIO()
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return rewritten.getvalue()
