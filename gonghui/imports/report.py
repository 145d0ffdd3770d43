"""The error report (错误报告) of an import: every bad row, why, and the rows as they were read.

The first sheet lists one line per problem — 行号 (the row as Excel numbers it), 列, 值 (the
cell as read) and 错误 (the reason in the user's language). The second repeats each bad row in
full under the file's own header, so the cadre can correct it there and upload it again.
"""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from gonghui.core.tabular import XlsxBook
from gonghui.imports.engine import Outcome


def write_report(outcome: Outcome, stream: IO[bytes], *, unmasked: bool = True) -> int:
    """Write the report as xlsx; return how many problems it lists. Personal data is masked
    unless `unmasked` (the web gives it in full only to users who may unmask)."""
    book = XlsxBook(stream)
    problems = book.sheet(_("Problems"), [_("Row"), _("Column"), _("Value"), _("Error")])
    if outcome.file_error:
        problems.append(["", "", outcome.filename, outcome.file_error])
    originals = book.sheet(_("Rows to correct"), [_("Row"), *outcome.header])
    for number, cells, errors in outcome.bad_row_list(unmasked=unmasked):
        for error in errors:
            problems.append([error.row, error.column, error.value, error.message])
        originals.append([number, *cells])
    book.close()
    return problems.rows
