"""Reading the union tree: a node, its children with subtree totals, the user's overview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import QuerySet

from gonghui.core.fields import prefix_q
from gonghui.core.scope import Scope, get_visible_or_404, visible_to
from gonghui.orgs.models import FEDERATION_KINDS, Area, SixHaves, SixHavesAssessment, Union


def union_list(*, user: Any) -> QuerySet[Union]:
    return visible_to(Union, user).select_related("parent").order_by("path")


def union_get(*, user: Any, union_id: object) -> Union:
    return get_visible_or_404(Union, user, union_id, Union.objects.select_related("parent", "area"))


def user_root(*, user: Any) -> Union | None:
    """The node a user acts for (administrators have none)."""
    return user.org if user.scope.union_path else None


def union_ancestors(*, user: Any, union: Union) -> list[Union]:
    """The breadcrumb from the user's own node down to `union` (never above the user's node)."""
    ids = [int(part) for part in union.path.strip("/").split("/")]
    by_id = {node.pk: node for node in visible_to(Union, user).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def union_search(*, user: Any, query: str, grassroots_only: bool = False) -> QuerySet[Union]:
    unions = visible_to(Union, user)
    if grassroots_only:
        unions = unions.filter(kind__in=Union.GRASSROOTS_KINDS)
    text = query.strip()
    if text:
        unions = unions.filter(name__contains=text) | unions.filter(credit_code=text.upper())
    return unions.order_by("path")


def holding_unions(*, user: Any) -> QuerySet[Union]:
    """Federations in scope that may hold the membership of a worker without a union."""
    return visible_to(Union, user).exclude(kind__in=Union.GRASSROOTS_KINDS).order_by("path")


def placement_prefix(*, user: Any) -> str | None:
    """The area code prefix inside which a user may place unions and employers: the
    federation's territory, or for a grassroots cadre the street where the union sits."""
    scope = user.scope
    if scope.area_prefix is not None:
        return scope.area_prefix
    if scope.union_path and user.org.area_id:
        return user.org.area_id
    return None


def areas_in_scope(*, user: Any, level: str = Area.Level.STREET) -> QuerySet[Area]:
    """The areas of one level where a user may place unions and employers."""
    prefix = placement_prefix(user=user)
    if prefix is None:
        return Area.objects.none()
    return Area.objects.filter(prefix_q("code", prefix), level=level)


def area_in_scope(*, user: Any, area: Area) -> bool:
    prefix = placement_prefix(user=user)
    return prefix is not None and area.code.startswith(prefix)


def six_haves_of(*, user: Any, union: Union) -> list[tuple[str, SixHavesAssessment | None]]:
    """The six items of a grassroots union with their latest assessment (None: not assessed)."""
    if not union.is_grassroots:
        return []
    found = {a.item: a for a in visible_to(SixHavesAssessment, user).filter(union=union)}
    return [(label, found.get(item)) for item, label in SixHaves.choices]


def tree_node(code: str | None) -> Union | None:
    """The node a command acts for: the city federation when no code is given, else a
    federation by area code (e.g. 320302), a union by its credit code or by "U" and its number
    (`Union.code`)."""
    nodes = Union.objects.select_related("area")
    if not code:
        return nodes.filter(parent=None).first()
    if code[:1] in "Uu" and code[1:].isdigit():
        return nodes.filter(pk=int(code[1:])).first()
    if len(code) == 18:
        return nodes.filter(credit_code=code.upper()).first()
    return (
        nodes.filter(area_id=code).exclude(kind__in=Union.GRASSROOTS_KINDS).order_by("path").first()
    )


class UnionRow(NamedTuple):
    """What an import needs of a registered union: itself and the name and kind of its parent."""

    id: int
    name: str
    kind: str
    path: str
    parent_id: int | None
    parent_name: str  # "" for the city federation, which has no parent
    parent_kind: str
    area_id: str | None
    credit_code: str | None
    founded_on: dt.date | None


_UNION_ROW_VALUES = (
    "id", "name", "kind", "path", "parent_id", "parent__name", "parent__kind", "area_id",
    "credit_code", "founded_on",
)  # fmt: skip


def _union_rows(unions: QuerySet[Union]) -> list[UnionRow]:
    found = unions.order_by().values_list(*_UNION_ROW_VALUES)
    return [
        UnionRow(*values[:5], values[5] or "", values[6] or "", *values[7:]) for values in found
    ]


def unions_named(scope: Scope, names: Iterable[str]) -> dict[str, list[UnionRow]]:
    """The unions of the scope's subtree (its own node included) bearing each of `names`."""
    by_name: dict[str, list[UnionRow]] = {}
    wanted = list(set(names))
    if wanted:
        for union in _union_rows(Union.objects.filter(scope.union_q("path"), name__in=wanted)):
            by_name.setdefault(union.name, []).append(union)
    return by_name


def unions_by_credit_code(codes: Iterable[str]) -> dict[str, UnionRow]:
    """Registered unions under the given credit codes, whatever the scope: an import tells
    "new" from "outside your subtree" and checks the path itself."""
    wanted = list(set(codes))
    if not wanted:
        return {}
    found = _union_rows(Union.objects.filter(credit_code__in=wanted))
    return {union.credit_code: union for union in found if union.credit_code}


def area_levels(codes: Iterable[str]) -> dict[str, str]:
    """The level of each of `codes` that is a registered area (unknown codes are left out)."""
    wanted = list(set(codes))
    if not wanted:
        return {}
    return dict(Area.objects.filter(code__in=wanted).values_list("code", "level"))


def area_federations() -> dict[str, int]:
    """Each area code → the id of the federation answering for it: the federation of that area,
    else of the nearest area above it, else the city federation. An employer no union covers
    belongs there (its figures, an application to join). A few hundred rows at city scale."""
    federations: dict[str, int] = {}
    rows = Union.objects.filter(kind__in=FEDERATION_KINDS, area__isnull=False).order_by("path")
    for pk, area in rows.values_list("pk", "area_id"):
        federations.setdefault(area, pk)
    root = Union.objects.filter(parent=None).values_list("pk", flat=True).first()
    parents = dict(Area.objects.values_list("code", "parent_id"))
    homes: dict[str, int] = {}
    for code in parents:
        above: str | None = code
        while above is not None and above not in federations:
            above = parents.get(above)
        homes[code] = federations[above] if above is not None else root
    return homes
