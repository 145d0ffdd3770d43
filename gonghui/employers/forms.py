"""Forms for employers and collective contracts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core import ids
from gonghui.core.forms import DateInput, EvidenceFileField
from gonghui.employers.models import CollectiveContract, Employer, Industry, Ownership
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import areas_in_scope, union_search


class EmployerForm(forms.Form):
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=24)
    name = forms.CharField(label=_("Name"), max_length=120)
    ownership = forms.ChoiceField(label=_("Ownership"), choices=Ownership.choices)
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=0, max_value=1_000_000)
    area = forms.ModelChoiceField(label=_("Town or street"), queryset=None)
    union = forms.CharField(
        label=_("Covering union's credit code (empty when not unionised)"),
        max_length=24,
        required=False,
        widget=forms.TextInput(
            attrs={
                "list": "union-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("orgs:suggest"),
                "hx-trigger": "keyup changed delay:300ms",
                "hx-target": "#union-options",
            }
        ),
    )
    congress_since = forms.DateField(
        label=_("Workers' congress in force since"), required=False, widget=DateInput
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["area"].queryset = areas_in_scope(user=user)

    @classmethod
    def initial_from(cls, employer: Employer) -> dict[str, Any]:
        return {
            "credit_code": employer.credit_code,
            "name": employer.name,
            "ownership": employer.ownership,
            "industry": employer.industry,
            "headcount": employer.headcount,
            "area": employer.area_id,
            "union": employer.union.credit_code if employer.union else "",
            "congress_since": employer.congress_since,
        }

    def clean_credit_code(self) -> str:
        return ids.normalize_credit_code(self.cleaned_data["credit_code"])

    def clean_union(self) -> Union | None:
        text = ids.to_half_width(self.cleaned_data["union"]).upper()
        if not text:
            return None
        union = union_search(user=self.user, query="", grassroots_only=True).filter(
            credit_code=text
        )
        found = union.first()
        if found is None:
            raise ValidationError(
                _("No grassroots union with the code %(code)s in your part of the tree."),
                code="unknown_union",
                params={"code": text},
            )
        return found


class ContractForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CollectiveContract.Kind.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput)
    document = EvidenceFileField(label=_("Signed document (PDF or image)"))
