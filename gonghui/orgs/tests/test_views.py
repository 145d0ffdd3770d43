"""The union tree pages: drill-down from the user's own node, totals, breadcrumb, suggestions."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from gonghui.conftest import World, credit_code
from gonghui.employers.models import Employer
from gonghui.members.models import Member, Status
from gonghui.orgs.models import SixHaves, Union
from gonghui.orgs.services import six_haves_assess, union_add

pytestmark = pytest.mark.django_db


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


class _Table(HTMLParser):
    """The body rows of the first table marked with `data-testid`, as lists of cell texts."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid = testid
        self.inside = self.in_body = self.in_cell = False
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("data-testid", self.testid) in attrs:
            self.inside = True
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.in_cell = False
        elif tag == "table":
            self.inside = self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.in_cell:
            self.rows[-1][-1] += data.strip()


def children_rows(html: str) -> dict[str, list[str]]:
    """The children table: union name → [kind, unions, employers, unionised, members]."""
    table = _Table("children")
    table.feed(html)
    return {row[0]: row[1:] for row in table.rows}


def breadcrumb(html: str) -> list[str]:
    match = re.search(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', html, re.DOTALL)
    assert match, "the page has no breadcrumb"
    return re.findall(r"<a [^>]*>([^<]*)</a>", match.group(1))


def counts_in(union: Union) -> list[str]:
    """[unions, employers, unionised share, members] of a subtree, counted straight from the DB."""
    unions = Union.objects.filter(path__startswith=union.path)
    area = union.area.code_prefix if union.area else "-"
    employers = Employer.objects.filter(area__code__startswith=area)
    covered = employers.filter(union__isnull=False).count()
    share = f"{covered / employers.count() * 100:.1f}%" if employers.exists() else "—"
    members = Member.objects.filter(union__in=unions, status=Status.ACTIVE)
    return [str(unions.count()), str(employers.count()), share, str(members.count())]


def test_the_tree_opens_at_the_users_own_node(world: World) -> None:
    response = signed_in(world, "district").get("/unions/")
    assert response.status_code == 302
    assert response["Location"] == f"/unions/{world.a.federation.pk}/"


def test_an_administrator_has_no_tree(world: World) -> None:
    assert signed_in(world, "sysadmin").get("/unions/").status_code == 403  # accounts/duties.py


def test_the_city_page_lists_both_district_federations_with_their_totals(world: World) -> None:
    html = signed_in(world, "city").get(f"/unions/{world.city.pk}/").content.decode()
    rows = children_rows(html)
    assert set(rows) == {world.a.federation.name, world.b.federation.name}
    for district in (world.a, world.b):
        assert rows[district.federation.name][1:] == counts_in(district.federation)
    assert rows[world.a.federation.name][1:] == ["3", "2", "50.0%", "1"]


def test_a_district_page_shows_its_street_federation_with_one_member(world: World) -> None:
    html = signed_in(world, "district").get(f"/unions/{world.a.federation.pk}/").content.decode()
    rows = children_rows(html)
    assert list(rows) == [world.a.street.name]
    assert rows[world.a.street.name][1:] == counts_in(world.a.street)
    assert rows[world.a.street.name][-1] == "1"
    assert "云龙区" not in html


def test_the_totals_follow_a_member_who_leaves(world: World) -> None:
    Member.objects.filter(pk=world.a.member.pk).update(status=Status.LEFT)
    html = signed_in(world, "district").get(f"/unions/{world.a.federation.pk}/").content.decode()
    assert children_rows(html)[world.a.street.name][-1] == "0"


def test_a_grassroots_cadre_cannot_open_its_parent_federation(world: World) -> None:
    client = signed_in(world, "grassroots")
    assert client.get(f"/unions/{world.a.street.pk}/").status_code == 404
    assert client.get(f"/unions/{world.a.grassroots.pk}/").status_code == 200


def test_a_district_cadre_cannot_open_the_sibling_district(world: World) -> None:
    client = signed_in(world, "district")
    assert client.get(f"/unions/{world.b.federation.pk}/").status_code == 404
    assert client.get(f"/unions/{world.city.pk}/").status_code == 404


def test_the_breadcrumb_starts_at_the_users_own_node(world: World) -> None:
    html = signed_in(world, "district").get(f"/unions/{world.a.grassroots.pk}/").content.decode()
    assert breadcrumb(html) == [world.a.federation.name, world.a.street.name]
    assert world.city.name not in html


def test_the_city_cadre_sees_the_whole_path_down(world: World) -> None:
    html = signed_in(world, "city").get(f"/unions/{world.a.grassroots.pk}/").content.decode()
    assert breadcrumb(html) == [world.city.name, world.a.federation.name, world.a.street.name]


def test_at_its_own_node_the_breadcrumb_is_empty(world: World) -> None:
    html = signed_in(world, "grassroots").get(f"/unions/{world.a.grassroots.pk}/").content.decode()
    assert breadcrumb(html) == []
    assert world.a.street.name not in html.split("<main>")[1]


def test_a_grassroots_page_shows_its_six_haves_assessments(world: World) -> None:
    six_haves_assess(
        actor=world.user("grassroots"),
        union=world.a.grassroots,
        item=SixHaves.CHAIR,
        met=True,
        assessed_on=dt.date(2026, 1, 15),
        note="换届选举记录",
    )
    client = signed_in(world, "district")
    html = client.get(f"/unions/{world.a.grassroots.pk}/").content.decode()
    assert "换届选举记录" in html and html.count("<tr>") == 1 + len(SixHaves.choices)
    street = client.get(f"/unions/{world.a.street.pk}/").content.decode()
    assert street.count("<table") == 1  # its children; only grassroots unions are assessed


def options(response_html: str) -> dict[str, str]:
    return dict(re.findall(r'<option value="([^"]*)">([^<]*)</option>', response_html))


def test_suggestions_offer_grassroots_unions_in_scope_by_name(world: World) -> None:
    found = options(signed_in(world, "district").get("/unions/suggest/?q=机械厂").content.decode())
    assert found == {world.a.grassroots.credit_code: world.a.grassroots.name}


def test_suggestions_find_a_union_by_its_credit_code(world: World) -> None:
    code = world.a.grassroots.credit_code
    client = signed_in(world, "district")
    assert list(options(client.get(f"/unions/suggest/?q={code.lower()}").content.decode())) == [
        code
    ]


def test_suggestions_read_the_query_under_the_inputs_own_name(world: World) -> None:
    found = options(
        signed_in(world, "district").get("/unions/suggest/?union=机械").content.decode()
    )
    assert list(found) == [world.a.grassroots.credit_code]


def test_suggestions_never_offer_the_sibling_district(world: World) -> None:
    client = signed_in(world, "district")
    assert (
        options(client.get(f"/unions/suggest/?q={world.b.grassroots.credit_code}").content.decode())
        == {}
    )
    assert options(client.get("/unions/suggest/?q=泄露").content.decode()) == {}


def test_suggestions_leave_out_federations_and_unions_without_a_credit_code(world: World) -> None:
    union_add(
        actor=None,
        parent=world.a.street,
        name="鼓楼区无代码联合工会",
        kind=Union.Kind.JOINT,
        area=world.a.street_area,
    )
    union_add(
        actor=None,
        parent=world.a.street,
        name="鼓楼区有代码联合工会",
        kind=Union.Kind.JOINT,
        area=world.a.street_area,
        credit_code=credit_code("320302", 9, prefix="81"),
    )
    found = options(signed_in(world, "district").get("/unions/suggest/?q=鼓楼区").content.decode())
    assert sorted(found.values()) == ["鼓楼区有代码联合工会", "鼓楼区机械厂工会"]


def test_an_empty_query_suggests_nothing(world: World) -> None:
    response = signed_in(world, "city").get("/unions/suggest/?q=+")
    assert response.status_code == 200 and options(response.content.decode()) == {}
