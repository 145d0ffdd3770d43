"""What the API answers (`…Out`, read-only) and accepts (`…In`, the declared writable fields
only: anything else in a request body is ignored). Personal data leaves masked, always."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.api.fields import ScopedPrimaryKeyField
from gonghui.core import ids
from gonghui.employers.models import Employer, Industry, Ownership
from gonghui.members.models import Member
from gonghui.orgs.models import Area, Union


class UnionOut(serializers.ModelSerializer):
    class Meta:
        model = Union
        fields = ("id", "name", "kind", "parent", "area", "credit_code", "founded_on")
        read_only_fields = fields


class EmployerOut(serializers.ModelSerializer):
    class Meta:
        model = Employer
        fields = (
            "id", "credit_code", "name", "ownership", "industry", "headcount", "area", "union",
            "congress_since",
        )  # fmt: skip
        read_only_fields = fields


class EmployerIn(serializers.Serializer):
    credit_code = serializers.CharField(max_length=24, help_text=_("Unified social credit code"))
    name = serializers.CharField(max_length=120)
    ownership = serializers.ChoiceField(choices=Ownership.choices)
    industry = serializers.ChoiceField(choices=Industry.choices)
    headcount = serializers.IntegerField(min_value=0, max_value=1_000_000)
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), help_text=_("Area code of the town or street")
    )
    union = ScopedPrimaryKeyField(
        Union, allow_null=True, required=False, help_text=_("Covering grassroots union (id)")
    )
    congress_since = serializers.DateField(allow_null=True, required=False)

    def validate_credit_code(self, value: str) -> str:
        return ids.normalize_credit_code(value)


class MemberOut(serializers.ModelSerializer):
    masked_id_number = serializers.CharField(read_only=True)
    masked_mobile = serializers.CharField(read_only=True)

    class Meta:
        model = Member
        fields = (
            "id", "name", "gender", "masked_id_number", "masked_mobile", "employer", "union",
            "joined_on", "status", "is_migrant_worker", "updated_at",
        )  # fmt: skip
        read_only_fields = fields


class MemberIn(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    id_number = serializers.CharField(max_length=24)
    mobile = serializers.CharField(max_length=20)
    employer = ScopedPrimaryKeyField(Employer, allow_null=True, required=False)
    holding_union = ScopedPrimaryKeyField(
        Union,
        allow_null=True,
        required=False,
        help_text=_("The federation holding the membership when the employer has no union"),
    )
    joined_on = serializers.DateField()
    is_migrant_worker = serializers.BooleanField(default=False)
    consent_on = serializers.DateField(
        help_text=_("The day the member agreed in writing that the union keeps this data")
    )

    def validate_id_number(self, value: str) -> str:
        return ids.parse_resident_id(value).number

    def validate_mobile(self, value: str) -> str:
        return ids.normalize_mobile(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("employer", None)
        return attrs
