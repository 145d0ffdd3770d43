"""The member roster import (会员花名册导入): one row per person, matched by ID number.

A person joins the union that covers their employer, which must be registered, covered and
inside the importer's subtree. A person already an active member is updated in place (a new
employer in another union is recorded as a transfer); blank optional cells keep what is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import crypto, ids
from gonghui.core.bulk import load_rows, update_rows
from gonghui.core.scope import Scope
from gonghui.employers.selectors import EmployerRef, employers_by_credit_code
from gonghui.imports import cells
from gonghui.imports.engine import Column, Importer, Row, register
from gonghui.members.models import Gender, Member, Status, Transfer
from gonghui.members.pinyin import name_initials

NAME_LENGTH = Member._meta.get_field("name").max_length
CREATE_COLUMNS = (
    "name", "name_initials", "id_cipher", "id_blind", "gender", "birth_date", "mobile_cipher",
    "mobile_blind", "mobile_last4", "employer_id", "union_id", "joined_on", "status",
    "is_migrant_worker", "updated_at",
)  # fmt: skip
UPDATE_COLUMNS = (
    "id", "name", "name_initials", "mobile_cipher", "mobile_blind", "mobile_last4",
    "employer_id", "union_id", "joined_on", "is_migrant_worker", "updated_at",
)  # fmt: skip
COMPARED = ("name", "mobile_blind", "employer_id", "union_id", "joined_on", "is_migrant_worker")


def _id_number(value: Any) -> ids.ResidentId:
    return ids.parse_resident_id(cells.text(value))


def _mobile(value: Any) -> str:
    return ids.normalize_mobile(value) if cells.text(value) else ""


class Stored(NamedTuple):
    """What the registry holds of an active member, for comparison with a row."""

    id: int
    name: str
    mobile_blind: str
    employer_id: int | None
    union_id: int
    joined_on: dt.date
    is_migrant_worker: bool
    union_path: str
    mobile_cipher: bytes | None
    mobile_last4: str


@register
class MemberImporter(Importer):
    name = "members"
    label = gettext_lazy("Member roster")
    unique_column = "id_number"
    columns = (
        Column(
            "name",
            gettext_lazy("Full name"),
            cells.name(NAME_LENGTH),
            aliases=("姓名",),
            example="张三",
        ),
        Column(
            "id_number",
            gettext_lazy("ID number"),
            _id_number,
            aliases=("公民身份号码", "身份证号", "身份证号码", "身份证"),
            example="11010519491231002X",
            text_format=True,
            mask=crypto.mask_id_number,
        ),
        Column(
            "mobile",
            gettext_lazy("Mobile"),
            _mobile,
            aliases=("手机号码", "手机号", "联系电话", "手机"),
            example="13812345678",
            text_format=True,
            mask=crypto.mask_mobile,
        ),
        Column(
            "employer_code",
            gettext_lazy("Employer's unified social credit code"),
            ids.normalize_credit_code,
            aliases=("统一社会信用代码", "单位统一社会信用代码", "工作单位统一社会信用代码"),
            example="91110000600037341L",
            text_format=True,
        ),
        Column(
            "joined_on",
            gettext_lazy("Joined on"),
            cells.date,
            aliases=("入会时间", "入会日期"),
            example=dt.date(2013, 7, 20),
        ),
        Column(
            "gender",
            gettext_lazy("Gender"),
            cells.choice(Gender),
            aliases=("性别",),
            required=False,
            choices=tuple(label for _code, label in Gender.choices),
            example=Gender.FEMALE.label,
        ),
        Column(
            "is_migrant_worker",
            gettext_lazy("Migrant worker"),
            cells.yes_no,
            aliases=("是否农民工", "农民工"),
            required=False,
            choices=(gettext_lazy("Yes"), gettext_lazy("No")),
            example=gettext_lazy("No"),
        ),
    )

    def __init__(self, *, actor: Any, scope: Scope) -> None:
        super().__init__(actor=actor, scope=scope)
        self.now = timezone.now()  # one time stamp for every row the run writes

    def unique_key(self, row: Row) -> str | None:
        resident = row.values.get("id_number")
        return resident.number if resident is not None else None

    def check(self, rows: list[Row]) -> None:
        today = timezone.localdate()
        employers = employers_by_credit_code(
            {row.values["employer_code"] for row in rows if row.has("employer_code")}
        )
        stored = self._stored(rows)
        for row in rows:
            resident: ids.ResidentId | None = row.values.get("id_number")
            if resident is not None:
                self._check_person(row, resident, today)
            employer = None
            if row.has("employer_code"):
                employer = employers.get(row.values["employer_code"])
                self._check_employer(row, employer)
            if row.errors or resident is None or employer is None:
                continue
            existing = stored.get(row.values["id_blind"])
            if existing is not None and not self.scope.covers(existing.union_path):
                row.fail("id_number", _("This person is an active member of a union outside "
                                        "your part of the union tree."))  # fmt: skip
                continue
            self._decide(row, resident, employer, existing)

    def _check_person(self, row: Row, resident: ids.ResidentId, today: dt.date) -> None:
        gender = row.values.get("gender")
        if gender and gender != resident.gender:
            row.fail("gender", _("The gender does not match the ID number."))
        joined = row.values.get("joined_on")
        if joined is not None and joined > today:
            row.fail("joined_on", _("The joining date lies in the future."))
        elif joined is not None and joined < resident.birth_date:
            row.fail("joined_on", _("The joining date lies before the birth date in the ID."))

    def _check_employer(self, row: Row, employer: EmployerRef | None) -> None:
        if employer is None:
            row.fail("employer_code", _("No employer with this credit code is registered; "
                                        "register the employer first."))  # fmt: skip
        elif employer.union_id is None:
            row.fail("employer_code", _("No union covers this employer yet; its workers join "
                                        "once a union covers it."))  # fmt: skip
        elif not self.scope.covers(employer.union_path):
            row.fail("employer_code", _("This employer's union is outside your part of the "
                                        "union tree."))  # fmt: skip

    def _stored(self, rows: list[Row]) -> dict[str, Stored]:
        """Active members already registered under the batch's ID numbers, by blind index
        (each row's index is kept in its values: computed once)."""
        blinds = []
        for row in rows:
            if row.has("id_number"):
                row.values["id_blind"] = crypto.blind_index(row.values["id_number"].number)
                blinds.append(row.values["id_blind"])
        found = Member.objects.filter(status=Status.ACTIVE, id_blind__in=blinds).values_list(
            "id_blind", *Stored._fields[:-3], "union__path", "mobile_cipher", "mobile_last4"
        )
        return {blind: Stored(*values) for blind, *values in found}

    def _decide(
        self, row: Row, resident: ids.ResidentId, employer: EmployerRef, existing: Stored | None
    ) -> None:
        values = row.values
        mobile = values["mobile"]
        mobile_blind = crypto.blind_index(mobile) if mobile else ""
        if existing is None:
            row.action = "create"
            row.record = (
                values["name"], name_initials(values["name"]), crypto.encrypt(resident.number),
                values["id_blind"], resident.gender, resident.birth_date,
                crypto.encrypt(mobile) if mobile else None, mobile_blind, mobile[-4:],
                employer.id, employer.union_id, values["joined_on"], Status.ACTIVE.value,
                values.get("is_migrant_worker", False), self.now,
            )  # fmt: skip
            return
        wanted = {
            "name": values["name"],
            "mobile_blind": mobile_blind or existing.mobile_blind,
            "employer_id": employer.id,
            "union_id": employer.union_id,
            "joined_on": values["joined_on"],
            "is_migrant_worker": values.get("is_migrant_worker", existing.is_migrant_worker),
        }
        if all(wanted[key] == getattr(existing, key) for key in COMPARED):
            row.action = "unchanged"
            return
        row.action = "update"
        mobile_cipher = crypto.encrypt(mobile) if mobile else existing.mobile_cipher
        update = (
            existing.id, wanted["name"], name_initials(wanted["name"]), mobile_cipher,
            wanted["mobile_blind"], mobile[-4:] if mobile else existing.mobile_last4, employer.id,
            employer.union_id, wanted["joined_on"], wanted["is_migrant_worker"], self.now,
        )  # fmt: skip
        moved = (existing.union_id, existing.employer_id) != (employer.union_id, employer.id)
        transfer = (existing.union_id, existing.employer_id) if moved else None
        row.record = (update, transfer)

    def write(self, records: dict[str, Any]) -> None:
        load_rows(Member, CREATE_COLUMNS, records["create"])
        transfers: list[tuple] = []
        today = timezone.localdate()
        actor_id = getattr(self.actor, "pk", None)

        def updates() -> Any:
            for update, moved_from in records["update"]:
                if moved_from is not None:
                    transfers.append((update[0], *moved_from, update[7], update[6], today,
                                      _("Roster import"), actor_id, self.now))  # fmt: skip
                yield update

        update_rows(Member, UPDATE_COLUMNS, updates())
        load_rows(Transfer, TRANSFER_COLUMNS, transfers)


TRANSFER_COLUMNS = (
    "member_id", "from_union_id", "from_employer_id", "to_union_id", "to_employer_id",
    "transferred_on", "reason", "actor_id", "recorded_at",
)  # fmt: skip
