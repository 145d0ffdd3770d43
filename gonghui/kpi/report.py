"""The dashboard of a node as a printable A4 PDF (reportlab), Chinese text in a CJK font.

The font is a file on the server (`GONGHUI_PDF_FONT`, installed by
scripts/ensure-system-packages.sh); without it the page says so instead of printing boxes.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gonghui.kpi import registry
from gonghui.kpi.exporting import figure_cells, figure_headers, origin_label, record
from gonghui.kpi.figures import Status
from gonghui.kpi.panels import Panel, ranking

STATUS_COLOURS = {
    Status.MET: colors.HexColor("#1a7f37"),
    Status.ON_TRACK: colors.HexColor("#0b5cad"),
    Status.BEHIND: colors.HexColor("#bc4c00"),
}


class FontMissing(Exception):  # noqa: N818 - it names the condition the page reports
    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def cjk_font() -> str:
    """The name of the registered CJK font (registered on first use)."""
    path = Path(settings.GONGHUI_PDF_FONT)
    if not path.is_file():
        raise FontMissing(path)
    name = f"gonghui-{path.stem}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return name


def dashboard_pdf(*, actor: Any, panel: Panel, font: str, stream: IO[bytes]) -> None:
    node, day = panel.node, panel.day
    title = _("%(union)s: targets and indicators on %(day)s") % {"union": node.name, "day": day}
    text = ParagraphStyle("text", fontName=font, fontSize=8.5, leading=11)
    heading = ParagraphStyle("heading", text, fontSize=12, leading=16, spaceBefore=8)
    document = SimpleDocTemplate(
        stream,
        pagesize=A4,
        title=title,
        author=str(actor),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story: list[Any] = [
        Paragraph(title, ParagraphStyle("title", text, fontSize=16, leading=22)),
        Spacer(0, 4 * mm),
        _table(
            [*figure_headers(), _("Target from")],
            [
                [
                    *figure_cells(figure, written=True),
                    origin_label(panel.origins.get(figure.metric.key)),
                ]
                for figure in panel.figures
            ],
            text,
            [f.status for f in panel.figures],
        ),
    ]
    story += _rankings(panel, text, heading)
    generated = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    line = _("Generated at %(time)s by %(user)s.") % {"time": generated, "user": actor}
    story += [Spacer(0, 6 * mm), Paragraph(line, text)]
    document.build(story)
    record(actor, panel, "pdf")


def _rankings(panel: Panel, text: ParagraphStyle, heading: ParagraphStyle) -> list[Any]:
    """One ranking of the children per share metric of the plan."""
    if not panel.children:
        return []
    story: list[Any] = [Paragraph(_("Ranking of the subordinate unions"), heading)]
    for metric in registry.metrics():
        if not metric.is_share:
            continue
        rows = ranking(panel.board, metric)
        lines = [
            [place, union.name, *figure_cells(figure, written=True)[1:]]
            for place, (union, figure) in enumerate(rows, start=1)
        ]
        story += [
            Paragraph(str(metric.name), text),
            _table(
                ["#", _("Union"), *figure_headers()[1:]],
                lines,
                text,
                [figure.status for _union, figure in rows],
            ),
            Spacer(0, 3 * mm),
        ]
    return story


def _table(
    headers: list[str], rows: list[list[Any]], text: ParagraphStyle, statuses: list[Status]
) -> Table:
    cells = [[Paragraph(str(cell), text) for cell in row] for row in [headers, *rows]]
    table = Table(cells, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), text.fontName),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#d1d9e0")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    status_column = headers.index(_("Status"))
    for line, status in enumerate(statuses, start=1):
        if status in STATUS_COLOURS:
            cell = (status_column, line)
            style.append(("BACKGROUND", cell, cell, STATUS_COLOURS[status].clone(alpha=0.15)))
    table.setStyle(TableStyle(style))
    return table
