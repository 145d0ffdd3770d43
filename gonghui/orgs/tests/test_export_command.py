"""`gonghui export`: a subtree to a file, masked, audited; bad usage exits 2 and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.conftest import World, resident_id
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_exports_a_district_masked_and_audited(world: World, tmp_path: Path) -> None:
    out = tmp_path / "members.csv"
    call_command("export", "members", "-o", str(out), "--org", "320302")
    text = out.read_text(encoding="utf-8-sig")
    assert "张三" in text and "泄露李四" not in text
    assert resident_id("320302", "19900101", 11) not in text and "320302********" in text
    entry = AuditEntry.objects.get(action="members.export")
    assert entry.actor is None and entry.detail["rows"] == 1


def test_it_exports_the_whole_city_by_default_as_xlsx(world: World, tmp_path: Path) -> None:
    out = tmp_path / "employers.xlsx"
    call_command("export", "employers", "-o", str(out))
    assert out.read_bytes()[:2] == b"PK"
    assert AuditEntry.objects.get(action="employers.export").detail["rows"] == 4


@pytest.mark.parametrize(("arguments", "name"), [(["--org", "999999"], "u.csv"), ([], "u.pdf")])
def test_bad_usage_exits_2_and_writes_no_file(
    world: World, tmp_path: Path, arguments: list[str], name: str
) -> None:
    out = tmp_path / name
    with pytest.raises(CommandError) as caught:
        call_command("export", "unions", "-o", str(out), *arguments)
    assert caught.value.returncode == 2
    assert not out.exists()
