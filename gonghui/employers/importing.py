"""The employer import (单位台账导入): one row per employer, matched by credit code.

The rules are `employer_save`'s: an employer sits in a town or street of the importer's
territory and is covered, if at all, by a grassroots or joint union of the importer's subtree;
a grassroots cadre registers only employers its union covers. An employer registered outside
the importer's scope is refused. Blank optional cells keep what is stored, and a reference
naming what is stored (the area, the covering union) stands as it is, so that our own export
imports back unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import ids
from gonghui.core.bulk import load_rows, update_rows
from gonghui.employers.models import Employer, Industry, Ownership
from gonghui.imports import cells
from gonghui.imports.engine import Column, Importer, Row, register
from gonghui.orgs.importing import Places, one_named, required
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import UnionRow, unions_named

NAME_LENGTH = Employer._meta.get_field("name").max_length
HEADCOUNT_MAX = 2_147_483_647  # what a PositiveIntegerField holds on every database
FIELDS = (
    "name", "ownership", "industry", "headcount", "area_id", "union_id", "congress_since",
    "registered_on", "unionised_on",
)  # fmt: skip
CREATE_COLUMNS = ("credit_code", *FIELDS)
UPDATE_COLUMNS = ("id", *FIELDS)


def _headcount(value: Any) -> int:
    count = cells.whole_number(cells.required_text(value))
    if count > HEADCOUNT_MAX:
        raise ValidationError(
            gettext_lazy("%(value)d is more than a headcount can be."),
            code="number",
            params={"value": count},
        )
    return count


class Stored(NamedTuple):
    """What the registry holds of an employer, for comparison with a row."""

    id: int
    name: str
    ownership: str
    industry: str
    headcount: int
    area_id: str
    union_id: int | None
    congress_since: dt.date | None
    registered_on: dt.date | None
    unionised_on: dt.date | None
    union_name: str | None
    union_path: str | None


def _stored(codes: set[str]) -> dict[str, Stored]:
    """Employers registered under the batch's credit codes, whatever the scope."""
    found = Employer.objects.filter(credit_code__in=list(codes)).values_list(
        "credit_code", "id", *FIELDS, "union__name", "union__path"
    )
    return {code: Stored(*values) for code, *values in found}


@register
class EmployerImporter(Importer):
    name = "employers"
    label = gettext_lazy("Employers")
    unique_column = "credit_code"
    columns = (
        Column(
            "credit_code",
            gettext_lazy("Unified social credit code"),
            ids.normalize_credit_code,
            aliases=("统一社会信用代码", "单位统一社会信用代码"),
            example="913203020000123457",
            text_format=True,
        ),
        Column(
            "name",
            gettext_lazy("Employer name"),
            cells.name(NAME_LENGTH),
            aliases=("单位名称", "单位全称"),
            example="徐州某某机械有限公司",
        ),
        Column(
            "area_code",
            gettext_lazy("Area code"),
            cells.required_text,
            aliases=("行政区划代码",),
            example="320302001",
            text_format=True,
        ),
        Column(
            "ownership",
            gettext_lazy("Ownership"),
            required(cells.choice(Ownership)),
            aliases=("经济类型",),
            choices=tuple(label for _code, label in Ownership.choices),
            example=Ownership.PRIVATE.label,
        ),
        Column(
            "industry",
            gettext_lazy("Industry"),
            required(cells.choice(Industry)),
            aliases=("行业", "行业门类"),
            choices=tuple(Industry.values),
            example=Industry.C.value,
        ),
        Column(
            "headcount", gettext_lazy("Headcount"), _headcount, aliases=("职工人数",), example=120
        ),
        Column(
            "union",
            gettext_lazy("Covering union"),
            cells.required_text,
            aliases=("覆盖工会",),
            required=False,
            example="徐州某某机械有限公司工会",
        ),
        Column(
            "congress_since",
            gettext_lazy("Workers' congress in force since"),
            cells.date,
            aliases=("职代会建立日期",),
            required=False,
            example=dt.date(2018, 3, 15),
        ),
        Column(
            "registered_on",
            gettext_lazy("Registered on"),
            cells.date,
            aliases=("成立日期", "登记日期"),
            required=False,
            example=dt.date(2009, 5, 20),
        ),
        Column(
            "unionised_on",
            gettext_lazy("Covered by a union since"),
            cells.date,
            aliases=("建会日期", "入会覆盖日期"),
            required=False,
            example=dt.date(2012, 7, 1),
        ),
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.today = timezone.localdate()  # the coverage date of employers covered by this run

    def check(self, rows: list[Row]) -> None:
        stored = _stored({row.values["credit_code"] for row in rows if row.has("credit_code")})
        unions = unions_named(self.scope, (row.values["union"] for row in rows if row.has("union")))
        places = Places(self, rows)
        for row in rows:
            existing = stored.get(row.values.get("credit_code", ""))
            if existing is not None and not self._sees(existing):
                row.fail("credit_code", _("An employer outside your part of the union tree is "
                                          "registered with this credit code."))  # fmt: skip
                continue
            places.check(row, stored=existing.area_id if existing else None, street_only=True)
            union_id = self._covering_union(row, existing, unions)
            if not row.errors:
                self._decide(row, existing, union_id)

    def _sees(self, employer: Stored) -> bool:
        """`Employer.scope_filter` for one stored row: covered in the subtree, or in the
        territory."""
        scope = self.scope
        in_territory = bool(scope.area_prefix) and employer.area_id.startswith(scope.area_prefix)
        return scope.is_root or in_territory or scope.covers(employer.union_path)

    def _covering_union(
        self, row: Row, existing: Stored | None, unions: dict[str, list[UnionRow]]
    ) -> int | None:
        """The id of the union that is to cover the employer (None: not covered)."""
        name = row.values.get("union")
        if name is None or (existing is not None and name == existing.union_name):
            union_id = existing.union_id if existing is not None else None
        else:
            union = one_named(row, "union", unions.get(name, []),
                              unknown=_("No union of this name is in your part of the union "
                                        "tree."))  # fmt: skip
            if union is None:
                return None
            if union.kind not in Union.GRASSROOTS_KINDS:
                row.fail("union", _("An employer is covered by a grassroots or joint union."))
                return None
            union_id = union.id
        if union_id is None and self.scope.area_prefix is None:
            # A grassroots cadre would register an employer it could never open again.
            column = "union" if "union" in row.titles else "credit_code"
            row.fail(column, _("A grassroots union registers only the employers it covers."))
        return union_id

    def _decide(self, row: Row, existing: Stored | None, union_id: int | None) -> None:
        values = row.values
        wanted = (
            values["name"],
            values["ownership"],
            values["industry"],
            values["headcount"],
            values["area_code"],
            union_id,
            values.get("congress_since", existing.congress_since if existing else None),
            values.get("registered_on", existing.registered_on if existing else None),
            self._unionised_on(values.get("unionised_on"), existing, union_id),
        )
        if existing is None:
            row.action, row.record = "create", (values["credit_code"], *wanted)
        elif wanted == existing[1 : len(FIELDS) + 1]:
            row.action = "unchanged"
        else:
            row.action, row.record = "update", (existing.id, *wanted)

    def _unionised_on(
        self, given: dt.date | None, existing: Stored | None, union_id: int | None
    ) -> dt.date | None:
        """The coverage date behind as-of figures: as given, else kept while covered, else the
        day of the import for an employer a union covers from now on."""
        if union_id is None:
            return None
        if given is not None:
            return given
        if existing is not None and existing.union_id is not None:
            return existing.unionised_on
        return self.today

    def write(self, records: dict[str, Any]) -> None:
        load_rows(Employer, CREATE_COLUMNS, records["create"])
        update_rows(Employer, UPDATE_COLUMNS, records["update"])
