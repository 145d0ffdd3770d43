"""Forms for the register of relocated workers: filters, a worker, a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import ids
from gonghui.core.fields import prefix_q
from gonghui.core.forms import DateInput
from gonghui.members.forms import EmployerCodeField
from gonghui.orgs.models import Area
from gonghui.orgs.selectors import placement_prefix
from gonghui.relocation.models import Industry, ServiceKind, Status

ANY = [("", _("All"))]
SERVED = "served"
NOT_SERVED = "not_served"


class WorkerFilterForm(forms.Form):
    industry = forms.ChoiceField(label=_("Industry"), choices=ANY + Industry.choices,
                                 required=False)  # fmt: skip
    served = forms.ChoiceField(
        label=_("Services"),
        choices=[*ANY, (SERVED, _("Served")), (NOT_SERVED, _("Not yet served"))],
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=ANY + Status.choices, required=False)

    def selection(self) -> dict[str, Any]:
        """The selector's arguments (an invalid choice filters nothing)."""
        data = self.cleaned_data if self.is_valid() else {}
        served = data.get("served", "")
        return {
            "industry": data.get("industry", ""),
            "served": {SERVED: True, NOT_SERVED: False}.get(served),
            "status": data.get("status", ""),
        }


class WorkerForm(forms.Form):
    name = forms.CharField(label=_("Name (as on the ID card)"), max_length=40)
    id_number = forms.CharField(label=_("ID number"), max_length=24)
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    employer_name = forms.CharField(label=_("Former employer"), max_length=120, required=False)
    employer = EmployerCodeField(
        required=False, label=_("Former employer's unified social credit code (if registered)")
    )
    area = forms.ModelChoiceField(
        label=_("Area (when the former employer is not registered)"),
        queryset=Area.objects.none(),
        required=False,
    )
    relocated_on = forms.DateField(label=_("Relocated on"), widget=DateInput)

    def __init__(self, *args: Any, user: Any, worker: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].user = user
        prefix = placement_prefix(user=user)
        if prefix is not None:
            self.fields["area"].queryset = Area.objects.filter(prefix_q("code", prefix))
        if worker is not None:  # editing: personal data is never shown in full
            keep = _("Leave blank to keep %(value)s.")
            for name, shown in (("id_number", worker.masked_id_number),
                                ("mobile", worker.masked_mobile)):  # fmt: skip
                self.fields[name].required = False
                self.fields[name].help_text = keep % {"value": shown or "—"}
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=Status.choices)

    def clean_id_number(self) -> str:
        number = self.cleaned_data["id_number"]
        return number and ids.parse_resident_id(number).number

    def clean_mobile(self) -> str:
        mobile = self.cleaned_data["mobile"]
        return mobile and ids.normalize_mobile(mobile)


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    served_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    provider = forms.CharField(label=_("Provider or note"), max_length=200, required=False)
