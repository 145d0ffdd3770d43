"""An independent recount of every metric at every node, written from domain.md §3 in plain
Python over all records — no code shared with the engine — to check the engine against."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.employers.models import (
    NON_PUBLIC_OWNERSHIP,
    PUBLIC_OWNERSHIP,
    CollectiveContract,
    Employer,
)
from gonghui.hardship.models import Household
from gonghui.legalaid.models import Consultation, Dispute, Post
from gonghui.members.models import Member, Transfer
from gonghui.orgs.models import Area, SixHavesAssessment, Union
from gonghui.relocation.models import RelocatedWorker

Figures = dict[tuple[str, str], tuple[int, int | None]]


def recount(day: dt.date) -> Figures:
    """(node code, metric key) → (numerator, denominator) for every node of the tree."""
    unions = {u.pk: u for u in Union.objects.all()}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    found = _employer_counts(day, unions) + _member_counts(day) + _union_counts(day, unions)
    found += _application_counts(day) + _service_counts(day)
    for home, key, amount in found:
        counts[home][key] += amount
    figures: Figures = {}
    for node in unions.values():
        inside = [pk for pk, union in unions.items() if union.path.startswith(node.path)]
        total: dict[str, int] = defaultdict(int)
        for pk in inside:
            for key, amount in counts[pk].items():
                total[key] += amount
        for metric, numerator, denominator in METRICS:
            figures[(node.code, metric)] = (
                total[numerator],
                total[denominator] if denominator else None,
            )
    return figures


METRICS = (
    ("union_coverage", "covered", "employers"),
    ("congress_soe", "public_congress", "public"),
    ("congress_private_100", "private_congress", "private_100"),
    ("collective_contract", "contract", "covered"),
    ("six_haves", "six_haves", "grassroots"),
    ("members", "members", None),
    ("membership_rate", "members", "headcount"),
    ("membership_applications", "applications", None),
    ("hardship_households", "hardship_active", None),
    ("legal_aid_posts", "posts", None),
    ("legal_cases", "legal_services", None),
    ("transfer_worker_coverage", "relocated_served", "relocated"),
)


def _federation_of(area: str | None, unions: dict[int, Union]) -> int:
    parents = dict(Area.objects.values_list("code", "parent_id"))
    federations = sorted(
        (u.path, u.pk, u.area_id)
        for u in unions.values()
        if u.area_id and u.kind in (Union.Kind.CITY, Union.Kind.DISTRICT, Union.Kind.STREET)
    )
    while area is not None:
        for _path, pk, federation_area in federations:
            if federation_area == area:
                return pk
        area = parents.get(area)
    return next(pk for pk, u in unions.items() if u.parent_id is None)


def _employer_counts(day: dt.date, unions: dict[int, Union]) -> list[tuple[int, str, int]]:
    in_force = {
        c.employer_id
        for c in CollectiveContract.objects.all()
        if c.signed_on <= day <= c.expires_on
    }
    rows = []
    for e in Employer.objects.all():
        if e.registered_on is not None and e.registered_on > day:
            continue
        covered = e.union_id is not None and (e.unionised_on is None or e.unionised_on <= day)
        home = e.union_id if covered else _federation_of(e.area_id, unions)
        congress = e.congress_since is not None and e.congress_since <= day
        public = e.ownership in PUBLIC_OWNERSHIP
        large_private = e.ownership in NON_PUBLIC_OWNERSHIP and e.headcount >= 100
        rows += [(home, "employers", 1), (home, "headcount", e.headcount)]
        rows += [(home, "covered", 1)] if covered else []
        rows += [(home, "contract", 1)] if covered and e.pk in in_force else []
        rows += [(home, "public", 1)] if public else []
        rows += [(home, "public_congress", 1)] if public and congress else []
        rows += [(home, "private_100", 1)] if large_private else []
        rows += [(home, "private_congress", 1)] if large_private and congress else []
    return rows


def _member_counts(day: dt.date) -> list[tuple[int, str, int]]:
    later = defaultdict(list)
    for t in Transfer.objects.filter(transferred_on__gt=day):
        later[t.member_id].append((t.transferred_on, t.pk, t.from_union_id))
    rows = []
    for m in Member.objects.all():
        active_then = m.status == "active" or (m.left_on is not None and m.left_on > day)
        if m.joined_on > day or not active_then:
            continue
        union = min(later[m.pk])[2] if later[m.pk] else m.union_id
        rows.append((union, "members", 1))
    return rows


def _application_counts(day: dt.date) -> list[tuple[int, str, int]]:
    """Online membership applications opened by the day, at the union the case belongs to."""
    return [
        (case.union_id, "applications", 1)
        for case in Case.objects.filter(type="membership")
        if timezone.localdate(case.opened_at) <= day
    ]


def _union_counts(day: dt.date, unions: dict[int, Union]) -> list[tuple[int, str, int]]:
    met = defaultdict(set)
    for a in SixHavesAssessment.objects.filter(met=True):
        if a.assessed_on <= day:
            met[a.union_id].add(a.item)
    rows = []
    for u in unions.values():
        if not u.is_grassroots or (u.founded_on is not None and u.founded_on > day):
            continue
        rows.append((u.pk, "grassroots", 1))
        if len(met[u.pk]) == 6:
            rows.append((u.pk, "six_haves", 1))
    return rows


def _service_counts(day: dt.date) -> list[tuple[int, str, int]]:
    """Hardship files active on the day; legal-aid posts in service and the year's
    consultations and disputes; relocated workers on the register and those served by then."""
    year_start = dt.date(day.year, 1, 1)
    rows = [
        (h.union_id, "hardship_active", 1)
        for h in Household.objects.all()
        if h.activated_on is not None
        and h.activated_on <= day
        and (h.exited_on is None or h.exited_on > day)
    ]
    rows += [
        (p.union_id, "posts", 1)
        for p in Post.objects.all()
        if p.opened_on <= day and (p.closed_on is None or p.closed_on > day)
    ]
    rows += [
        (c.union_id, "legal_services", 1)
        for c in Consultation.objects.all()
        if year_start <= c.held_on <= day
    ]
    rows += [
        (d.union_id, "legal_services", 1)
        for d in Dispute.objects.all()
        if year_start <= d.opened_on <= day
    ]
    for w in RelocatedWorker.objects.all():
        if w.registered_on <= day and (w.left_on is None or w.left_on > day):
            rows.append((w.union_id, "relocated", 1))
            if w.first_served_on is not None and w.first_served_on <= day:
                rows.append((w.union_id, "relocated_served", 1))
    return rows
