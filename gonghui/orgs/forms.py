"""Forms of the union tree."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, EvidenceFileField
from gonghui.orgs.models import SixHaves


class SixHavesForm(forms.Form):
    """The assessment of one "六有" item, with its evidence."""

    item = forms.ChoiceField(label=_("Item"), choices=SixHaves.choices)
    met = forms.BooleanField(label=_("Met"), required=False)
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=DateInput, initial=timezone.localdate
    )
    evidence = EvidenceFileField(label=_("Evidence (PDF or image)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
