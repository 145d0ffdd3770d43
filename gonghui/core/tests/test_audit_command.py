"""`gonghui audit seal` and `gonghui audit verify`: what an operator runs and sees."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gonghui.core import chain, tasks
from gonghui.core.tests.audit_trail import guard_removed, run, write_entries, write_old_entry

pytestmark = pytest.mark.django_db


def audit(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failed_audit(*args: str) -> tuple[int, str]:
    err = StringIO()
    with pytest.raises(CommandError) as caught, translation.override("en"):
        call_command("audit", *args, stdout=StringIO(), stderr=err)
    return caught.value.returncode, f"{err.getvalue()}{caught.value}"


def test_seal_reports_the_count_and_the_head_to_keep() -> None:
    write_entries(2)

    out, _err = audit("seal")

    head = chain.head()
    assert head is not None
    assert "2" in out
    assert f"{head.seq}:{head.hash}" in out


def test_verify_exits_zero_on_an_intact_trail() -> None:
    write_entries(2)
    audit("seal")

    out, err = audit("verify")

    assert "intact up to entry no. 2" in out
    assert err == ""


def test_verify_exits_one_and_names_the_changed_entry() -> None:
    entries = write_entries(3)
    audit("seal")
    with guard_removed():
        run("UPDATE core_auditentry SET object_id = '7' WHERE id = %s", [entries[1].id])

    code, message = failed_audit("verify")

    assert code == 1
    assert f"Entry no. 2 (id {entries[1].id}) was changed" in message


def test_verify_exits_one_on_entries_the_sealer_has_not_reached() -> None:
    old = write_old_entry(minutes_ago=40)

    code, message = failed_audit("verify")

    assert code == 1
    assert f"not sealed for over 30 minutes: 1 (the oldest: id {old})" in message
    audit("seal")
    audit("verify")


def test_verify_with_the_kept_head_finds_the_newest_entry_deleted() -> None:
    entries = write_entries(2)
    out, _err = audit("seal")
    kept = out.split("Head: ")[1].strip()
    with guard_removed():
        run("DELETE FROM core_auditentry WHERE id = %s", [entries[-1].id])

    code, message = failed_audit("verify", "--head", kept)

    assert code == 1
    assert "Entry no. 2, a head kept earlier, is missing" in message


@pytest.mark.parametrize(
    "args", [("verify", "--head", "2:nothex"), ("verify", "--unsealed-minutes", "0")]
)
def test_a_wrong_option_is_a_usage_error(args: tuple[str, ...]) -> None:
    code, _message = failed_audit(*args)

    assert code == 2


def test_seal_books_the_background_seal_once() -> None:
    audit("seal", "--schedule")
    out, _err = audit("seal", "--schedule")

    assert "already booked" in out
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=tasks.seal_trail.module_path
    )
    assert waiting.count() == 1
