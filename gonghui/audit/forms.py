"""The auditor's search form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput


class EntryFilterForm(forms.Form):
    actor = forms.CharField(label=_("Username"), max_length=150, required=False)
    action = forms.CharField(
        label=_("Action"), max_length=40, required=False, help_text=_("or its beginning")
    )
    result = forms.CharField(label=_("Result"), max_length=20, required=False)
    object_type = forms.CharField(label=_("Object type"), max_length=60, required=False)
    object_id = forms.CharField(label=_("Object"), max_length=40, required=False)
    date_from = forms.DateField(label=_("Date from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Date to"), required=False, widget=DateInput)
    remote_addr = forms.GenericIPAddressField(label=_("From address"), required=False)
    # The newest entry when the search began: its pages stay put while the trail grows (each
    # page viewed adds an entry). Hidden, so that a new search starts from the newest again.
    until = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def selection(self) -> dict[str, Any]:
        """The selector's arguments: the valid filters (an invalid one filters nothing and is
        shown with its error)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
