import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from gonghui.core import bulk
from gonghui.members.models import Member
from gonghui.orgs.models import Area, Union

pytestmark = pytest.mark.django_db

UNION_COLUMNS = ("id", "name", "kind", "parent_id", "path", "area_id")
MEMBER_COLUMNS = (
    "id", "name", "name_initials", "id_cipher", "id_blind", "gender", "birth_date",
    "mobile_cipher", "mobile_blind", "mobile_last4", "employer_id", "union_id", "joined_on",
    "status", "is_migrant_worker", "consent_on", "updated_at",
)  # fmt: skip


def load_city_and_union() -> None:
    bulk.load_rows(
        Area,
        ("code", "name", "level", "parent_id"),
        [("320300", "徐州市", "city", None), ("320302", "鼓楼区", "district", "320300")],
    )
    bulk.load_rows(Union, UNION_COLUMNS, [(7, "徐州市总工会", "city", None, "/7/", "320300")])


def member_row(
    pk: int, *, mobile: bytes | None = None, migrant: bool = False, union_id: int = 7
) -> tuple:
    return (
        pk, "张三", "zs", b"\x01\x00secret", f"blind{pk}", "M", dt.date(1990, 1, 2), mobile,
        "", "", None, union_id, dt.date(2020, 5, 6), "active", migrant, None,
        dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    )  # fmt: skip


def test_it_loads_rows_from_a_generator_and_counts_them() -> None:
    rows = ((f"3203{n:02d}", f"区{n}", "district", None) for n in range(10, 40))

    written = bulk.load_rows(Area, ("code", "name", "level", "parent_id"), rows)

    assert written == 30
    assert Area.objects.get(code="320325").name == "区25"


def test_it_round_trips_bytes_dates_none_and_booleans() -> None:
    load_city_and_union()

    bulk.load_rows(
        Member,
        MEMBER_COLUMNS,
        [
            member_row(1, mobile=b"\x00\xff\\", migrant=True),
            member_row(2, mobile=None, migrant=False),
        ],
    )

    first, second = Member.objects.order_by("id")
    assert bytes(first.id_cipher) == b"\x01\x00secret"
    assert bytes(first.mobile_cipher) == b"\x00\xff\\"
    assert second.mobile_cipher is None
    assert first.birth_date == dt.date(1990, 1, 2)
    assert (first.is_migrant_worker, second.is_migrant_worker) == (True, False)
    assert first.consent_on is None
    assert first.updated_at == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert first.union.path == "/7/"


def test_it_stores_datetimes_as_the_orm_does() -> None:
    load_city_and_union()
    moment = timezone.now().replace(microsecond=0)
    bulk.load_rows(Member, MEMBER_COLUMNS, [(*member_row(1)[:-1], moment)])

    assert Member.objects.filter(updated_at=moment).count() == 1


def test_it_moves_the_id_sequence_past_explicit_ids() -> None:
    load_city_and_union()

    bulk.reset_sequences([Union])
    created = Union.objects.create(
        name="鼓楼区总工会", kind="district", path="/7/x/", area_id="320302"
    )

    assert created.pk == 8


def test_it_clears_tables_that_refer_to_each_other() -> None:
    load_city_and_union()
    bulk.load_rows(Member, MEMBER_COLUMNS, [member_row(1)])

    bulk.clear_tables([Member, Union, Area])

    assert not Member.objects.exists()
    assert not Union.objects.exists()
    assert not Area.objects.exists()


def test_it_leaves_nothing_when_the_callers_transaction_rolls_back() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        load_city_and_union()
        raise RuntimeError

    assert not Union.objects.exists()
    assert not Area.objects.exists()


def member_indexes() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Member._meta.db_table)
    return {
        name for name, about in constraints.items() if about["index"] and not about["primary_key"]
    }


def test_it_builds_deferred_indexes_again_after_the_load() -> None:
    load_city_and_union()
    before = member_indexes()

    with bulk.indexes_deferred(Member):
        assert "member_name" not in member_indexes()
        bulk.load_rows(Member, MEMBER_COLUMNS, [member_row(1)])

    assert member_indexes() == before
    assert Member.objects.filter(name="张三").count() == 1


def test_it_still_refuses_rows_that_break_a_foreign_key_with_deferred_indexes() -> None:
    load_city_and_union()
    orphan = member_row(1, union_id=999)

    with pytest.raises(IntegrityError), transaction.atomic():
        with bulk.indexes_deferred(Member):
            bulk.load_rows(Member, MEMBER_COLUMNS, [orphan])
        # PostgreSQL refuses when the foreign key comes back; SQLite checks at commit.
        connection.check_constraints([Member._meta.db_table])


@pytest.mark.django_db(transaction=True)
def test_it_defers_indexes_only_inside_a_transaction() -> None:
    with pytest.raises(TransactionManagementError), bulk.indexes_deferred(Member):
        pass

    assert "member_name" in member_indexes()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="a page cache of SQLite's")
def test_the_write_cache_is_larger_for_the_block_only() -> None:
    usual = _cache_size()
    with bulk.write_cache(64):
        assert _cache_size() == -64 * 1024
    assert _cache_size() == usual


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]
