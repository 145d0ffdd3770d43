import datetime as dt

import pytest
from django.db.models import Count, F, Q, Sum

from gonghui.core import crypto, ids
from gonghui.demo import generator
from gonghui.demo.generator import DemoResult
from gonghui.demo.places import DISTRICTS
from gonghui.demo.tests.conftest import TODAY, load_tiny_city
from gonghui.employers.models import PUBLIC_OWNERSHIP, Employer
from gonghui.members.models import Member, Status
from gonghui.members.pinyin import name_initials
from gonghui.orgs.models import Area, Union


def city_fingerprint() -> list[tuple[str, str]]:
    members = [(m.name, m.id_number) for m in Member.objects.order_by("id")]
    employers = list(Employer.objects.order_by("id").values_list("name", "credit_code"))
    return members + employers


def test_it_loads_the_real_districts_of_xuzhou(tiny_city: DemoResult) -> None:
    districts = dict(Area.objects.filter(level="district").values_list("code", "name"))
    street_codes = Area.objects.filter(level="street").values_list("code", flat=True)

    assert len(districts) == 10
    assert districts["320302"] == "鼓楼区"
    assert districts["320382"] == "邳州市"
    assert Area.objects.get(code="320300").name == "徐州市"
    assert all(len(code) == 9 and code[:6] in districts for code in street_codes)


def test_it_builds_the_union_tree_from_the_city_federation_down(tiny_city: DemoResult) -> None:
    city = Union.objects.get(kind="city")
    gulou = Union.objects.get(kind="district", area_id="320302")

    assert (city.name, city.path) == ("徐州市总工会", f"/{city.pk}/")
    assert gulou.name == "鼓楼区总工会"
    assert gulou.parent == city
    assert Union.objects.filter(kind="industry", area=None, parent=city).count() == 6
    assert not Union.objects.filter(kind="street").exclude(parent__kind="district").exists()
    assert not Union.objects.filter(kind="joint").exclude(parent__kind="street").exists()
    assert all(
        union.path == f"{union.parent.path}{union.pk}/"
        for union in Union.objects.exclude(parent=None).select_related("parent")
    )


def test_it_gives_employers_and_unions_valid_credit_codes(tiny_city: DemoResult) -> None:
    employer_codes = list(Employer.objects.values_list("credit_code", flat=True))
    union_codes = Union.objects.values_list("credit_code", flat=True)

    assert all(ids.normalize_credit_code(code) == code for code in employer_codes)
    assert all(code[:2] == "81" and ids.normalize_credit_code(code) for code in union_codes)
    assert {code[:2] for code in employer_codes} >= {"91", "92"}


def test_it_gives_members_valid_unique_id_numbers_that_match_their_record(
    tiny_city: DemoResult,
) -> None:
    numbers = []
    for member in Member.objects.all():
        resident = ids.parse_resident_id(member.id_number, today=TODAY)
        assert (resident.gender, resident.birth_date) == (member.gender, member.birth_date)
        assert resident.area_code in {district.code for district in DISTRICTS}
        assert member.id_blind == crypto.blind_index(resident.number)
        numbers.append(resident.number)

    assert len(numbers) == len(set(numbers)) > 1000


def test_it_gives_members_valid_mobiles_and_name_initials(tiny_city: DemoResult) -> None:
    for member in Member.objects.exclude(mobile_cipher=None):
        assert ids.normalize_mobile(member.mobile) == member.mobile
        assert member.mobile_blind == crypto.blind_index(member.mobile)
        assert member.mobile_last4 == member.mobile[-4:]
    assert all(
        member.name_initials == name_initials(member.name) for member in Member.objects.all()
    )


def test_it_puts_members_in_the_union_that_covers_their_employer(tiny_city: DemoResult) -> None:
    assert not Member.objects.exclude(union=F("employer__union")).exists()
    assert not Member.objects.filter(employer__union=None).exists()
    assert Member.objects.exclude(status=Status.ACTIVE).exists()


def test_it_lands_near_the_plans_coverage_targets(tiny_city: DemoResult) -> None:
    employers = Employer.objects.aggregate(
        all=Count("id"),
        unionised=Count("id", filter=Q(union__isnull=False)),
        public=Count("id", filter=Q(ownership__in=PUBLIC_OWNERSHIP)),
        public_congress=Count(
            "id", filter=Q(ownership__in=PUBLIC_OWNERSHIP, congress_since__isnull=False)
        ),
        unionised_headcount=Sum("headcount", filter=Q(union__isnull=False)),
    )
    with_contract = (
        Employer.objects.filter(
            union__isnull=False, contracts__signed_on__lte=TODAY, contracts__expires_on__gte=TODAY
        )
        .distinct()
        .count()
    )
    grassroots = Union.objects.filter(kind__in=Union.GRASSROOTS_KINDS).annotate(
        met=Count("six_haves", filter=Q(six_haves__met=True))
    )

    assert 0.82 <= employers["unionised"] / employers["all"] <= 0.92
    assert employers["public_congress"] == employers["public"] > 0
    assert with_contract / employers["unionised"] >= 0.93
    assert 0.55 <= grassroots.filter(met=6).count() / grassroots.count() <= 0.85
    assert 0.78 <= Member.objects.count() / employers["unionised_headcount"] <= 0.92


def test_it_generates_the_same_city_for_the_same_seed_on_any_day(db: None) -> None:
    load_tiny_city(seed=3)
    first = city_fingerprint()

    load_tiny_city(seed=3, reset=True, today=TODAY + dt.timedelta(days=400))
    again = city_fingerprint()
    load_tiny_city(seed=4, reset=True)

    assert again == first
    assert city_fingerprint() != first


def test_it_leaves_nothing_behind_when_the_load_fails(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError

    monkeypatch.setattr(generator, "create_demo_accounts", fail)

    with pytest.raises(RuntimeError):
        load_tiny_city()

    assert not Union.objects.exists()
    assert not Member.objects.exists()
