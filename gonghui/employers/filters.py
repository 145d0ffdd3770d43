"""The one filter definition for the employer list: used by the page, the export and the API."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core import ids
from gonghui.core.fields import prefix_q
from gonghui.employers.models import Employer, Industry, Ownership

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


class EmployerFilter(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=60)
    ownership = forms.ChoiceField(
        label=_("Ownership"), required=False, choices=[("", _("All")), *Ownership.choices]
    )
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=[("", _("All")), *Industry.choices]
    )
    area = forms.CharField(label=_("Area code"), required=False, max_length=12)
    unionised = forms.ChoiceField(label=_("Has a union"), required=False, choices=YES_NO)
    congress = forms.ChoiceField(label=_("Workers' congress"), required=False, choices=YES_NO)
    min_headcount = forms.IntegerField(label=_("Headcount from"), required=False, min_value=0)

    def apply(self, employers: QuerySet[Employer]) -> QuerySet[Employer]:
        """Narrow an already scoped queryset; invalid filter values narrow nothing."""
        if not self.is_valid():
            return employers
        data = self.cleaned_data
        if text := ids.to_half_width(data["q"]):
            employers = employers.filter(_text_filter(text))
        if data["ownership"]:
            employers = employers.filter(ownership=data["ownership"])
        if data["industry"]:
            employers = employers.filter(industry=data["industry"])
        if data["area"]:
            employers = employers.filter(prefix_q("area_id", data["area"]))
        if data["unionised"]:
            employers = employers.filter(union__isnull=data["unionised"] == "no")
        if data["congress"]:
            employers = employers.filter(congress_since__isnull=data["congress"] == "no")
        if data["min_headcount"] is not None:
            employers = employers.filter(headcount__gte=data["min_headcount"])
        return employers


def _text_filter(text: str) -> Q:
    if len(text) == 18 and text.isascii() and text.isalnum():
        return Q(credit_code=text.upper())
    return Q(name__contains=text)
