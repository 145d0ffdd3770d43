"""The password policy: length, three of four character classes, no reuse of the last five."""

from __future__ import annotations

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gonghui.accounts.models import PasswordHistory
from gonghui.conftest import World

pytestmark = pytest.mark.django_db


def refusals(password: str, user: object = None) -> set[str | None]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_it_refuses_a_password_shorter_than_ten() -> None:
    assert refusals("Ab1!Ab1!x") == {"password_too_short"}
    assert refusals("Ab1!Ab1!xy") == set()


@pytest.mark.parametrize(
    "password", ["onlylowercaseletters", "lowerandupperCASE", "lower-and-symbols", "lower1234567"]
)
def test_it_refuses_fewer_than_three_character_classes(password: str) -> None:
    assert refusals(password) == {"password_too_plain"}


@pytest.mark.parametrize(
    "password", ["lowerUPPER123", "lowerUPPER-+!", "lower-123-456", "UPPER-123-456"]
)
def test_it_takes_any_three_of_the_four_classes(password: str) -> None:
    assert refusals(password) == set()


def change(world: World, password: str) -> None:
    user = world.user("district")
    user.set_password(password)
    user.save()


def test_it_refuses_each_of_the_last_five_passwords_but_not_the_sixth(world: World) -> None:
    earlier = [f"Earlier-pass-{n}" for n in range(6)]
    for password in earlier:
        change(world, password)
    user = world.user("district")
    for password in earlier[1:]:
        assert refusals(password, user) == {"password_reused"}
    assert refusals(earlier[0], user) == set()
    assert refusals("Brand-new-pass-7", user) == set()


def test_it_keeps_only_the_last_five_hashes_and_never_the_password(world: World) -> None:
    for n in range(8):
        change(world, f"Earlier-pass-{n}")
    kept = PasswordHistory.objects.filter(user=world.user("district"))
    assert kept.count() == 5
    assert not any("Earlier-pass" in row.password for row in kept)


def test_the_password_change_form_refuses_the_current_password(world: World) -> None:
    user = world.user("district")
    current = "Current-pass-1"
    change(world, current)
    form = SetPasswordForm(user, {"new_password1": current, "new_password2": current})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["new_password2"]] == ["password_reused"]
    fresh = "Another-pass-2"
    form = SetPasswordForm(user, {"new_password1": fresh, "new_password2": fresh})
    assert form.is_valid()
    form.save()
    assert PasswordHistory.objects.filter(user=user).count() >= 2
