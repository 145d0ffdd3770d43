"""What an API list may be narrowed by: Django forms, the same definitions as the web lists.

Each form validates the query string (a bad value is a 400 naming the parameter), then
`rows()` reads through the domain's selectors, so the search and the scope are the web's own.
`parameters_of` describes a form's fields as OpenAPI query parameters for the schema.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from gonghui.core.fields import prefix_q
from gonghui.core.scope import rows_in_scope
from gonghui.employers.filters import EmployerFilter
from gonghui.employers.models import Employer
from gonghui.employers.selectors import employer_list
from gonghui.members.forms import MemberSearchForm
from gonghui.members.selectors import member_search
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import union_list, union_search


class WithinUnion(forms.Form):
    """`?union=<id>`: only the rows that union's cadres would see (a node of the user's scope)."""

    union = forms.IntegerField(
        label=_("Only rows within the subtree of this union (its id)"), required=False, min_value=1
    )

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        self.user = user

    def clean_union(self) -> Union | None:
        union_id = self.cleaned_data["union"]
        if union_id is None:
            return None
        node = union_list(user=self.user).filter(pk=union_id).first()
        if node is None:  # missing and outside the scope read alike
            raise ValidationError(
                _("There is no union %(id)s in your part of the union tree."),
                code="unknown_union",
                params={"id": union_id},
            )
        return node


class UnionApiFilter(WithinUnion):
    q = forms.CharField(label=_("Name contains, or credit code"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Union.Kind.choices]
    )
    area = forms.CharField(label=_("Area code (prefix)"), required=False, max_length=12)

    def rows(self) -> QuerySet[Union]:
        data = self.cleaned_data
        unions = union_search(user=self.user, query=data["q"])
        if data["kind"]:
            unions = unions.filter(kind=data["kind"])
        if data["area"]:
            unions = unions.filter(prefix_q("area_id", data["area"]))
        if data["union"]:
            unions = rows_in_scope(Union, data["union"].as_scope(), unions)
        return unions


class EmployerApiFilter(WithinUnion, EmployerFilter):
    def rows(self) -> QuerySet[Employer]:
        employers = self.apply(employer_list(user=self.user))
        if node := self.cleaned_data["union"]:
            employers = rows_in_scope(Employer, node.as_scope(), employers)
        return employers


class MemberApiFilter(WithinUnion, MemberSearchForm):
    updated_since = forms.DateTimeField(
        label=_("Changed at or after (ISO 8601, e.g. 2026-01-31T08:00:00+08:00)"), required=False
    )

    def rows(self) -> QuerySet:
        data = self.cleaned_data
        members = member_search(
            user=self.user, query=data["q"], status=data["status"] or None, within=data["union"]
        )
        if data["updated_since"]:
            members = members.filter(updated_at__gte=data["updated_since"])
        return members


_TYPES = {
    forms.IntegerField: OpenApiTypes.INT,
    forms.DateTimeField: OpenApiTypes.DATETIME,
}


def parameters_of(form: type[forms.Form]) -> list[OpenApiParameter]:
    """The form's fields as optional query parameters (choices as an enum)."""
    parameters = []
    for name, field in form.base_fields.items():
        kind = next((t for cls, t in _TYPES.items() if isinstance(field, cls)), OpenApiTypes.STR)
        choices = getattr(field, "choices", None)
        enum = [value for value, _label in choices if value] if choices else None
        parameters.append(
            OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=field.label, enum=enum)
        )
    return parameters
