import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from gonghui.accounts.models import User
from gonghui.demo.generator import DemoResult
from gonghui.demo.management.commands.demo import new_password
from gonghui.employers.models import Employer
from gonghui.members.models import Member
from gonghui.orgs.models import Union
from gonghui.portal.models import WorkerProfile

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    output = io.StringIO()
    call_command("demo", "--scale", "tiny", *args, stdout=output)
    return output.getvalue()


def test_it_prints_the_accounts_the_password_and_the_counts() -> None:
    output = run_demo("--password", "a-password-for-test")

    assert "d320302" in output
    assert "鼓楼区总工会" in output
    assert "a-password-for-test" in output
    assert str(Member._meta.verbose_name_plural) in output
    worker = WorkerProfile.objects.order_by("pk").first()
    assert worker is not None and "/portal/signin/" in output and worker.mobile in output


def test_it_takes_the_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGHUI_DEMO_PASSWORD", "from-the-environment")

    run_demo()

    assert User.objects.get(username="city").check_password("from-the-environment")


def test_it_refuses_a_database_with_unions_and_writes_nothing() -> None:
    Union.objects.create(name="某工会", kind="city", path="/1/")

    with pytest.raises(CommandError, match="--reset"):
        run_demo()

    assert Union.objects.count() == 1
    assert not Employer.objects.exists()
    assert not User.objects.exists()


def test_it_replaces_everything_with_reset(tiny_city: DemoResult) -> None:
    User.objects.create_user(username="someone", role="viewer", org=Union.objects.first())

    run_demo("--reset", "--seed", "7")

    assert not User.objects.filter(username="someone").exists()
    assert User.objects.exclude(role="worker").count() == len(tiny_city.accounts)
    assert Member.objects.count() == tiny_city.table(Member).rows


def test_it_keeps_existing_data_and_lists_the_accounts_with_if_empty(
    tiny_city: DemoResult,
) -> None:
    output = run_demo("--if-empty")

    assert "d320302" in output
    assert "password" in output.lower()
    assert Member.objects.count() == tiny_city.table(Member).rows


def test_it_loads_an_empty_database_with_if_empty() -> None:
    run_demo("--if-empty")

    assert User.objects.filter(username="city").exists()


@pytest.mark.django_db
def test_a_generated_password_meets_the_password_policy() -> None:
    for _ in range(200):  # a plain token fails the character classes about once in 25 draws
        validate_password(new_password())
