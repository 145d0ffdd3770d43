"""The file list's filters: one form for the list page and its export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.hardship.models import Status
from gonghui.hardship.selectors import View
from gonghui.hardship.tiers import Tier

VIEWS = [
    (View.ALL, _("All files")),
    (View.STALE, _("Unchanged for a year")),
    (View.NEVER_HELPED, _("Never helped")),
    (View.RELOCATED, _("Relocated workers")),
]
YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


class HouseholdFilterForm(forms.Form):
    view = forms.ChoiceField(label=_("List"), required=False, choices=VIEWS)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Applicant's name, file number or an ID number"),
                "type": "search",
            }
        ),
    )
    tier = forms.ChoiceField(
        label=_("Tier"), required=False, choices=[("", _("All")), *Tier.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    relocated = forms.ChoiceField(label=_("Relocated"), required=False, choices=YES_NO)

    def selection(self) -> dict[str, Any]:
        """The selector's arguments (an invalid form selects every file of the view)."""
        data = self.cleaned_data if self.is_valid() else {}
        relocated = data.get("relocated", "")
        return {
            "view": data.get("view") or View.ALL,
            "query": data.get("q", ""),
            "tier": data.get("tier", ""),
            "status": data.get("status", ""),
            "relocated": None if relocated == "" else relocated == "1",
        }
