from gonghui.accounts.models import User
from gonghui.core.scope import visible_to
from gonghui.demo.generator import DemoResult
from gonghui.demo.places import DISTRICTS
from gonghui.demo.tests.conftest import PASSWORD
from gonghui.members.models import Member


def test_it_creates_a_cadre_for_every_level_and_the_administrators(tiny_city: DemoResult) -> None:
    users = {user.username: user for user in User.objects.select_related("org")}

    assert (users["city"].role, users["city"].org.kind) == ("city", "city")
    assert (users["viewer"].role, users["viewer"].org.kind) == ("viewer", "city")
    for district in DISTRICTS:
        assert users[f"d{district.code}"].role == "district"
        assert users[f"d{district.code}"].org.area_id == district.code
    streets = [user for user in users.values() if user.role == "street"]
    grassroots = [user for user in users.values() if user.role == "grassroots"]
    assert len(streets) == len(grassroots) == 10
    assert all(user.username == f"s{user.org.area_id}" for user in streets)
    assert all(user.username == f"g{user.org_id}" for user in grassroots)
    assert all(user.org.kind == "grassroots" for user in grassroots)
    assert {users[name].org for name in ("sysadmin", "secadmin", "auditor")} == {None}
    assert users["sysadmin"].is_superuser
    assert not users["secadmin"].is_staff


def test_it_lets_only_the_city_account_unmask_personal_data(tiny_city: DemoResult) -> None:
    assert User.objects.get(username="city").may_unmask
    assert not User.objects.get(username="d320302").may_unmask
    assert not User.objects.get(username="viewer").may_unmask


def test_it_gives_every_account_the_password(tiny_city: DemoResult) -> None:
    assert all(user.check_password(PASSWORD) for user in User.objects.all())
    assert len(tiny_city.accounts) == User.objects.exclude(role="worker").count()


def test_it_shows_each_district_account_only_its_own_districts_members(
    tiny_city: DemoResult,
) -> None:
    for district in DISTRICTS:
        user = User.objects.get(username=f"d{district.code}")
        visible = visible_to(Member, user)

        assert visible.exists()
        assert not visible.exclude(employer__area__code__startswith=district.code).exists()


def test_it_puts_each_grassroots_account_inside_its_street_accounts_scope(
    tiny_city: DemoResult,
) -> None:
    for street in User.objects.filter(role="street").select_related("org"):
        grassroots = User.objects.get(role="grassroots", org__parent=street.org)

        assert visible_to(Member, grassroots).exists()
        assert (
            not visible_to(Member, grassroots).exclude(pk__in=visible_to(Member, street)).exists()
        )
