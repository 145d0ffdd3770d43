"""The list of relocated workers (转岗分流职工名单) as 人社 sends it: one row per person.

Each person is placed like a worker registered by hand (`services.home_union_id`): under the
union covering the former employer when its credit code names a registered one, else under
the federation answering for the employer's or the given area. A person already on the register
of the importer's subtree is left as the register holds them (the list is sent again each
month); one registered elsewhere, a repeated row, a wrong ID number or an unknown industry is a
bad row, and a file with any bad row writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import crypto, ids
from gonghui.core.bulk import load_rows
from gonghui.core.scope import Scope
from gonghui.imports import cells
from gonghui.imports.engine import Column, Importer, Row, register
from gonghui.orgs.models import Area, Union
from gonghui.orgs.selectors import area_federations
from gonghui.relocation.models import Industry, RelocatedWorker, Status
from gonghui.relocation.selectors import EmployerPlace, employers_for_import
from gonghui.relocation.services import home_union_id

_field = RelocatedWorker._meta.get_field
CREATE_COLUMNS = (
    "name", "id_cipher", "id_blind", "mobile_cipher", "industry", "employer_name",
    "employer_id", "area_id", "union_id", "relocated_on", "registered_on", "status",
    "updated_at",
)  # fmt: skip


def _id_number(value: Any) -> ids.ResidentId:
    return ids.parse_resident_id(cells.text(value))


# How 人社's lists name the industries, whatever the catalogue's labels (and with 行业 added).
INDUSTRY_NAMES = {"煤炭": Industry.COAL, "钢铁": Industry.STEEL}
_any_industry = cells.choice(Industry)


def _industry(value: Any) -> str:
    named = INDUSTRY_NAMES.get(cells.text(value).removesuffix("行业"))
    return named.value if named is not None else _any_industry(value)


def _mobile(value: Any) -> str:
    return ids.normalize_mobile(value) if cells.text(value) else ""


@register
class RelocatedImporter(Importer):
    name = "relocation"
    label = gettext_lazy("Relocated workers (coal and steel)")
    unique_column = "id_number"
    columns = (
        Column("name", gettext_lazy("Full name"), cells.name(_field("name").max_length),
               aliases=("姓名",), example="张三"),
        Column("id_number", gettext_lazy("ID number"), _id_number,
               aliases=("公民身份号码", "身份证号", "身份证号码", "身份证"),
               example="11010519491231002X", text_format=True, mask=crypto.mask_id_number),
        Column("mobile", gettext_lazy("Mobile"), _mobile,
               aliases=("手机号码", "手机号", "联系电话", "手机"), required=False,
               example="13812345678", text_format=True, mask=crypto.mask_mobile),
        Column("industry", gettext_lazy("Industry"), _industry,
               aliases=("行业", "所属行业"),
               choices=tuple(label for _code, label in Industry.choices),
               example=Industry.COAL.label),
        Column("employer_name", gettext_lazy("Former employer"),
               cells.name(_field("employer_name").max_length),
               aliases=("原单位", "原工作单位", "原单位名称"), example="徐州某某煤矿"),
        Column("employer_code", gettext_lazy("Former employer's unified social credit code"),
               ids.normalize_credit_code, aliases=("原单位统一社会信用代码", "统一社会信用代码"),
               required=False, example="91110000600037341L", text_format=True),
        Column("area_code", gettext_lazy("Area code"), cells.text,
               aliases=("行政区划代码", "区划代码", "所在地区划代码"), required=False,
               example="320302", text_format=True),
        Column("relocated_on", gettext_lazy("Relocated on"), cells.date,
               aliases=("分流时间", "转岗分流时间", "分流日期"), example=dt.date(2017, 6, 30)),
    )  # fmt: skip

    def __init__(self, *, actor: Any, scope: Scope) -> None:
        super().__init__(actor=actor, scope=scope)
        self.now = timezone.now()  # one time stamp for every row the run writes
        self.today = timezone.localdate()
        self.homes = area_federations()
        self.paths = dict(Union.objects.values_list("pk", "path"))
        self.areas = set(Area.objects.values_list("code", flat=True))

    def unique_key(self, row: Row) -> str | None:
        resident = row.values.get("id_number")
        return resident.number if resident is not None else None

    def check(self, rows: list[Row]) -> None:
        employers = employers_for_import(
            {row.values["employer_code"] for row in rows if row.has("employer_code")}
        )
        registered = self._registered(rows)
        for row in rows:
            if row.has("relocated_on") and row.values["relocated_on"] > self.today:
                row.fail("relocated_on", _("The date lies in the future."))
            placement = self._placement(row, employers)
            stored_path = registered.get(row.values.get("id_blind", ""))
            if stored_path is not None and not self.scope.covers(stored_path):
                row.fail("id_number", _("This person is on the register of a union outside "
                                        "your part of the union tree."))  # fmt: skip
            if row.errors or placement is None:
                continue
            if stored_path is not None:
                row.action = "unchanged"
                continue
            self._create(row, *placement)

    def _registered(self, rows: list[Row]) -> dict[str, str]:
        """The union path of each batch person already on the register, by blind index (each
        row's index is kept in its values: computed once)."""
        blinds = []
        for row in rows:
            if row.has("id_number"):
                row.values["id_blind"] = crypto.blind_index(row.values["id_number"].number)
                blinds.append(row.values["id_blind"])
        found = RelocatedWorker.objects.filter(id_blind__in=blinds)
        return dict(found.values_list("id_blind", "union__path"))

    def _placement(
        self, row: Row, employers: dict[str, EmployerPlace]
    ) -> tuple[EmployerPlace | None, str, int] | None:
        """The registered employer (if any), the area and the responsible union of a row."""
        employer = None
        if not row.has("employer_code") and not cells.is_blank(row.raw.get("employer_code")):
            return None  # the code did not parse: that problem is reported already
        if row.has("employer_code"):
            employer = employers.get(row.values["employer_code"])
            if employer is None:
                unknown = _("No employer with this credit code is registered; leave the cell "
                            "blank and give the area code.")  # fmt: skip
                row.fail("employer_code", unknown)
                return None
        area = employer.area_id if employer is not None else row.values.get("area_code", "")
        if not area:
            row.fail("area_code", _("Give the former employer's credit code or the area code."))
            return None
        if area not in self.areas:
            row.fail("area_code", _("No area with this code is known."))
            return None
        union_id = home_union_id(
            employer_union_id=employer.union_id if employer is not None else None,
            area_code=area,
            homes=self.homes,
        )
        if not self.scope.covers(self.paths[union_id]):
            column = "employer_code" if employer is not None else "area_code"
            row.fail(column, _("The union responsible for this worker is outside your part of "
                               "the union tree."))  # fmt: skip
            return None
        return employer, area, union_id

    def _create(self, row: Row, employer: EmployerPlace | None, area: str, union_id: int) -> None:
        values = row.values
        number = values["id_number"].number
        mobile = values.get("mobile", "")
        row.action = "create"
        row.record = (
            values["name"], crypto.encrypt(number), values["id_blind"],
            crypto.encrypt(mobile) if mobile else None, values["industry"],
            values["employer_name"], employer.id if employer is not None else None, area,
            union_id, values["relocated_on"], self.today, Status.REGISTERED.value, self.now,
        )  # fmt: skip

    def write(self, records: dict[str, Any]) -> None:
        load_rows(RelocatedWorker, CREATE_COLUMNS, records["create"])
