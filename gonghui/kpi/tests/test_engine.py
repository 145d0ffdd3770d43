"""Every metric at every node of a demo city, today and on past days, against a recount
written independently from domain.md; and today's kept figures after changes to the records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.core.bulk import update_rows
from gonghui.demo.generator import demo_load
from gonghui.demo.scales import SCALES
from gonghui.employers.models import CollectiveContract, Employer, Ownership
from gonghui.kpi import store
from gonghui.kpi.models import ChangeMark, TallySet
from gonghui.kpi.registry import Metric, Source, Tally, Unit
from gonghui.kpi.selectors import subtree_rows
from gonghui.kpi.tests.recount import Figures, recount
from gonghui.members.models import Member, Status, Transfer
from gonghui.orgs.models import Area, SixHaves, SixHavesAssessment, Union


def engine_figures(day: dt.date | None = None) -> Figures:
    """What `gonghui kpi` prints for the whole city."""
    _as_of, rows = subtree_rows(Union.objects.get(parent=None), day)
    return {
        (row.org, row.figure.metric.key): (row.figure.numerator, row.figure.denominator)
        for row in rows
    }


@pytest.fixture
def today(db: None) -> dt.date:
    """The tiny demo city, loaded as of today."""
    day = timezone.localdate()
    demo_load(scale=SCALES["tiny"], seed=3, password="demo-password-1", today=day)
    return day


def change_records(today: dt.date) -> None:
    """Changes that move figures between nodes and across days, each through a plain save."""
    first, second = Member.objects.filter(status=Status.ACTIVE).order_by("pk")[:2]
    elsewhere = Union.objects.filter(kind=Union.Kind.GRASSROOTS).exclude(pk=first.union_id).last()
    Transfer.objects.create(
        member=first, from_union_id=first.union_id, to_union=elsewhere,
        transferred_on=today - dt.timedelta(days=10),
    )  # fmt: skip
    first.union = elsewhere
    first.save()
    second.status, second.left_on = Status.LEFT, today - dt.timedelta(days=20)
    second.save()
    district = Area.objects.filter(level=Area.Level.DISTRICT).first()
    # A street with no federation of its own: its employers belong to the district's.
    street = Area.objects.create(
        code=f"{district.code}999", name="新区", level="street", parent=district
    )
    Employer.objects.create(
        credit_code="91320300MA1X00001T", name="新区物流公司", ownership=Ownership.STATE,
        industry="G", headcount=150, area=street, registered_on=today - dt.timedelta(days=100),
        congress_since=today - dt.timedelta(days=50),
    )  # fmt: skip
    covered = Employer.objects.filter(union__isnull=False).first()
    covered.unionised_on = today - dt.timedelta(days=5)
    covered.save()
    CollectiveContract.objects.filter(employer=covered).delete()
    grassroots = Union.objects.filter(kind=Union.Kind.GRASSROOTS).first()
    for days_ago in (3, 30):  # online membership applications, one of them a month old
        Case.objects.create(
            type="membership", state="submitted", union=grassroots, title="入会申请",
            opened_at=timezone.now() - dt.timedelta(days=days_ago),
        )  # fmt: skip
    for item in SixHaves.values:
        SixHavesAssessment.objects.update_or_create(
            union=grassroots, item=item, defaults={"met": True, "assessed_on": today}
        )


@pytest.mark.parametrize("days_back", [0, 8, 45, 400])
def test_every_metric_at_every_node_equals_the_recount(today: dt.date, days_back: int) -> None:
    change_records(today)
    day = today - dt.timedelta(days=days_back)

    figures = engine_figures(day)

    assert figures == recount(day)
    city = figures[("320300", "union_coverage")]
    assert 0 < city[0] < city[1]  # the city has employers with and without a union


def test_kept_figures_follow_changes_by_recounting_only_the_marked_nodes(today: dt.date) -> None:
    engine_figures()  # today's set is counted and kept
    kept = TallySet.objects.get(day=today)
    ChangeMark.objects.all().delete()

    change_records(today)
    assert ChangeMark.objects.filter(node_id__isnull=False).exists()
    figures = engine_figures()

    assert figures == recount(today)
    assert not ChangeMark.objects.exists()
    refreshed = TallySet.objects.get(day=today)
    assert refreshed.computed_at == kept.computed_at  # not counted again from scratch
    assert refreshed.refreshed_at > kept.refreshed_at


def test_a_bulk_write_recounts_everything(today: dt.date) -> None:
    engine_figures()
    kept = TallySet.objects.get(day=today)
    member = Member.objects.filter(status=Status.ACTIVE).first()
    update_rows(Member, ("id", "status", "left_on"), [(member.pk, Status.LEFT, today)])

    figures = engine_figures()

    assert figures == recount(today)
    assert TallySet.objects.get(day=today).computed_at > kept.computed_at


def test_snapshots_of_past_days_are_what_the_records_said(today: dt.date) -> None:
    day = today - dt.timedelta(days=30)
    store.keep(day)
    expected = recount(day)
    change_records(today)  # today's changes do not rewrite a kept past day

    assert engine_figures(day) == expected


def test_a_recount_places_the_employers_of_a_street_added_since_the_count(today: dt.date) -> None:
    engine_figures()
    member = Member.objects.filter(status=Status.ACTIVE).first()
    member.save()
    engine_figures()  # a recount: the tree it used is kept for the next one
    counted_at = TallySet.objects.get(day=today).computed_at
    district = Area.objects.filter(level=Area.Level.DISTRICT).first()
    street = Area.objects.create(
        code=f"{district.code}998", name="新街道", level="street", parent=district
    )
    Employer.objects.create(
        credit_code="91320300MA1X00002R", name="新街道商店", ownership=Ownership.PRIVATE,
        industry="F", headcount=12, area=street,
    )  # fmt: skip

    figures = engine_figures()

    assert figures == recount(today)
    assert TallySet.objects.get(day=today).computed_at == counted_at  # recounted, not counted


def test_a_mean_is_rounded_half_up_and_needs_records() -> None:
    hours = Tally("test_hours", Source("test_cases", Union, "cases", union_field="id"))
    mean = Metric("test_mean", "mean", Unit.HOURS, hours, hours)
    assert mean.value(61, 2) == 30.5 and mean.value(1, 3) == 0.3 and mean.value(5, 0) is None
    with pytest.raises(ValueError, match="needs a denominator"):
        Metric("test_lonely_mean", "mean", Unit.HOURS, hours)
