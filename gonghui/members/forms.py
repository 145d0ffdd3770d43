"""Forms for members: join, edit, transfer, search. Plain forms, fields named explicitly."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import ids
from gonghui.core.forms import DateInput
from gonghui.employers.models import Employer
from gonghui.employers.selectors import employer_by_credit_code
from gonghui.members.models import Status
from gonghui.orgs.selectors import holding_unions


class EmployerCodeField(forms.CharField):
    """An employer chosen by its 统一社会信用代码, among those the user may see."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("label", _("Employer's unified social credit code"))
        super().__init__(**kwargs)
        self.user: Any = None

    def clean(self, value: Any) -> Employer | None:
        text = super().clean(value)
        if not text:
            return None
        code = ids.normalize_credit_code(text)
        employer = employer_by_credit_code(user=self.user, credit_code=code)
        if employer is None:
            raise ValidationError(
                _("No employer with the code %(code)s is registered in your part of the tree."),
                code="unknown_employer",
                params={"code": code},
            )
        return employer


class _ScopedForm(forms.Form):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, EmployerCodeField):
                field.user = user
        if "holding_union" in self.fields:
            self.fields["holding_union"].queryset = holding_unions(user=user)


class MemberJoinForm(_ScopedForm):
    name = forms.CharField(label=_("Name (as on the ID card)"), max_length=40)
    id_number = forms.CharField(label=_("ID number"), max_length=24)
    mobile = forms.CharField(label=_("Mobile"), max_length=20)
    employer = EmployerCodeField(required=False)
    holding_union = forms.ModelChoiceField(
        label=_("Union holding the membership (only when the employer has no union)"),
        queryset=None,
        required=False,
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput, initial=timezone.localdate)
    is_migrant_worker = forms.BooleanField(label=_("Migrant worker"), required=False)
    consent = forms.BooleanField(
        label=_("The member agreed in writing that the union keeps this personal data"),
    )

    def clean_id_number(self) -> str:
        return ids.parse_resident_id(self.cleaned_data["id_number"]).number

    def clean_mobile(self) -> str:
        return ids.normalize_mobile(self.cleaned_data["mobile"])

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["consent_on"] = timezone.localdate() if data.pop("consent") else None
        return data


class MemberEditForm(_ScopedForm):
    name = forms.CharField(label=_("Name (as on the ID card)"), max_length=40)
    mobile = forms.CharField(label=_("Mobile"), max_length=20)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    is_migrant_worker = forms.BooleanField(label=_("Migrant worker"), required=False)

    def clean_mobile(self) -> str:
        return ids.normalize_mobile(self.cleaned_data["mobile"])


class TransferForm(_ScopedForm):
    to_employer = EmployerCodeField(
        required=False, label=_("New employer's unified social credit code")
    )
    holding_union = forms.ModelChoiceField(
        label=_("Union holding the membership (only when the new employer has no union)"),
        queryset=None,
        required=False,
    )
    transferred_on = forms.DateField(
        label=_("Transferred on"), widget=DateInput, initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, initials (zs), ID number or mobile's last 4 digits"),
                   "type": "search", "autocomplete": "off"}
        ),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
