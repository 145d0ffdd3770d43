"""The dashboard as a workbook and as a printable PDF: scoped, audited, the page's figures."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.conftest import World
from gonghui.core.models import AuditEntry
from gonghui.kpi import registry
from gonghui.kpi.models import Plan
from gonghui.kpi.templatetags.kpi import kpi_value
from gonghui.kpi.tests.pages import city_plan, client_of, tiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world: World) -> Plan:
    return city_plan(world)


def download(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def sheets(content: bytes) -> list[list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]


def pdf_title(content: bytes) -> str:
    """The document title of the PDF's information dictionary (a UTF-16 literal string)."""
    found = re.search(rb"/Title \((.*?)(?<!\\)\)", content, re.S)
    assert found
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    raw = re.sub(
        rb"\\([0-7]{1,3}|.)",
        lambda m: (
            bytes([int(m.group(1), 8)])
            if m.group(1)[:1].isdigit()
            else escapes.get(m.group(1), m.group(1))
        ),
        found.group(1),
    )
    return raw.decode("utf-16")


def test_the_workbook_holds_the_figures_the_page_shows(world: World, plan: Plan) -> None:
    client = client_of(world, "district")
    node = world.a.federation
    shown = tiles(client.get(f"/kpi/{node.pk}/").content.decode())
    figures, children, trend = sheets(download(client, f"/kpi/{node.pk}/export.xlsx"))
    header, *rows = figures
    assert len(header) == 8 and len(rows) == len(shown) == len(registry.metrics())
    for row, metric in zip(rows, registry.metrics(), strict=True):
        page = shown[metric.key]
        numerator, denominator, value, target = row[1], row[2], row[3], row[5]
        assert numerator == page["numerator"]
        assert (None if denominator == "" else denominator) == page["denominator"]
        assert kpi_value(None if value == "" else value, metric) == page["value"]
        if page["target"]:
            assert kpi_value(target, metric) in page["target"]
    coverage = rows[0]
    assert coverage[5] == 85.0 and world.city.name in coverage[7]
    assert {row[0] for row in children[1:]} == {world.a.street.name}
    assert len(children) == 1 + len(registry.metrics())
    assert {row[0] for row in trend[1:]} == {str(metric.name) for metric in registry.metrics()}
    entry = AuditEntry.objects.get(action="kpi.dashboard_export")
    assert entry.object_id == str(node.pk) and entry.actor_id == world.user("district").pk
    assert entry.detail == {"day": timezone.localdate().isoformat(), "format": "xlsx"}


def test_an_export_of_a_past_day_is_of_that_day(world: World, plan: Plan) -> None:
    node = world.a.federation
    client = client_of(world, "district")
    figures, *_rest = sheets(download(client, f"/kpi/{node.pk}/export.xlsx?as_of=2015-01-01"))
    members = next(row for row in figures if row[0] == str(registry.METRICS["members"].name))
    assert members[1] == 0  # the member joined in March 2015
    assert AuditEntry.objects.get(action="kpi.dashboard_export").detail["day"] == "2015-01-01"


def test_the_pdf_report_is_a_pdf_with_the_node_s_name(world: World, plan: Plan) -> None:
    node = world.a.federation
    content = download(client_of(world, "district"), f"/kpi/{node.pk}/report.pdf")
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert re.search(rb"/BaseFont /[A-Z]{6}\+WenQuanYi", content)  # the CJK font, embedded
    assert b"/FontFile2" in content
    assert node.name in pdf_title(content)
    pdftotext = shutil.which("pdftotext")  # poppler-utils, installed by make setup
    assert pdftotext is not None
    text = subprocess.run(  # noqa: S603 - our own file, to a fixed program
        [pdftotext, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert node.name in text and world.a.street.name in text
    entry = AuditEntry.objects.get(action="kpi.dashboard_export")
    assert entry.object_id == str(node.pk) and entry.detail["format"] == "pdf"


def test_without_the_font_the_report_page_says_so(world: World, settings: object) -> None:
    settings.GONGHUI_PDF_FONT = "/nonexistent/font.ttc"  # type: ignore[attr-defined]
    response = client_of(world, "district").get(f"/kpi/{world.a.federation.pk}/report.pdf")
    assert response.status_code == 503
    html = response.content.decode()
    assert 'data-testid="font-missing"' in html and "/nonexistent/font.ttc" in html
    assert not AuditEntry.objects.filter(action="kpi.dashboard_export").exists()


def test_a_viewer_may_export_its_node_s_dashboard(world: World) -> None:
    node = world.a.federation
    assert download(client_of(world, "viewer"), f"/kpi/{node.pk}/export.xlsx")
