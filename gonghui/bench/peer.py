"""The peer of the import benchmark: the member roster as a Django developer would import it
with django-import-export (a dev dependency, used only here; not an installed app).

A `ModelResource` for `Member` over the roster's columns, computing what the model needs: the
encrypted ID number and its blind index, gender and birth date from the ID (checked against the
性别 column), the encrypted mobile with its index and last four digits, the pinyin initials,
the employer by credit code and the union that covers it. The fast options of the library's
"Bulk imports — performance tuning" page are on: `use_bulk` (bulk_create in batches of
`batch_size` = 1000, the default, which its tests found best), `skip_diff`, `force_init_instance`
(the file holds new people only, so no lookup of an existing member per row) and a
`CachedForeignKeyWidget` for the employer (all employers read once, not one query per row).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from gonghui.core import crypto, ids
from gonghui.employers.models import Employer
from gonghui.members.models import Gender, Member
from gonghui.members.pinyin import name_initials

GENDERS = {"男": Gender.MALE.value, "女": Gender.FEMALE.value}


class GenderWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        if not value:
            return None
        try:
            return GENDERS[value.strip()]
        except KeyError:
            raise ValueError(f"{value} is neither 男 nor 女") from None


class YesNoWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        return str(value).strip() in ("是", "Y", "y", "1")


class MemberResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="姓名")
    gender = fields.Field(attribute="gender", column_name="性别", widget=GenderWidget())
    employer = fields.Field(
        attribute="employer",
        column_name="单位统一社会信用代码",
        widget=widgets.CachedForeignKeyWidget(Employer, field="credit_code"),
    )
    joined_on = fields.Field(
        attribute="joined_on", column_name="入会时间", widget=widgets.DateWidget("%Y/%m/%d")
    )
    is_migrant_worker = fields.Field(
        attribute="is_migrant_worker", column_name="是否农民工", widget=YesNoWidget()
    )

    class Meta:
        model = Member
        fields = ("name", "gender", "employer", "joined_on", "is_migrant_worker")
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        force_init_instance = True

    def import_instance(self, instance: Member, row: Any, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
        try:
            resident = ids.parse_resident_id(row["身份证号"])
        except ValidationError as error:
            raise ValidationError({"id_cipher": error.messages}) from None
        if instance.gender and instance.gender != resident.gender:
            raise ValidationError({"gender": "The gender does not match the ID number."})
        if instance.employer.union_id is None:
            raise ValidationError({"employer": "No union covers this employer yet."})
        mobile = ids.normalize_mobile(row["手机号码"]) if row["手机号码"] else ""
        instance.name_initials = name_initials(instance.name)
        instance.id_cipher = crypto.encrypt(resident.number)
        instance.id_blind = crypto.blind_index(resident.number)
        instance.gender = resident.gender
        instance.birth_date = resident.birth_date
        instance.mobile_cipher = crypto.encrypt(mobile) if mobile else None
        instance.mobile_blind = crypto.blind_index(mobile) if mobile else ""
        instance.mobile_last4 = mobile[-4:]
        instance.union_id = instance.employer.union_id
