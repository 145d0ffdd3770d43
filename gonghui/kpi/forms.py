"""Forms of the KPI pages: the "as of" day of the figures, and a work plan's targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput
from gonghui.core.scope import visible_to
from gonghui.kpi import registry
from gonghui.kpi.origins import Origin
from gonghui.kpi.selectors import plans_of
from gonghui.orgs.models import Union


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("Figures as of"), required=False, input_formats=["%Y-%m-%d"], widget=DateInput()
    )

    def clean_as_of(self) -> dt.date | None:
        day = self.cleaned_data["as_of"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("There are no figures for a day after today."))
        return day


@dataclass(frozen=True)
class AsOf:
    """The day asked for (None: today) and, for a day that cannot be read, why."""

    day: dt.date | None
    problem: str = ""

    @property
    def query(self) -> str:
        """The query string that keeps the day on the links of the page."""
        return f"?as_of={self.day:%Y-%m-%d}" if self.day else ""


def read_as_of(query: QueryDict) -> AsOf:
    """`?as_of=YYYY-MM-DD`; a bad value gives today's figures and a message saying so."""
    form = AsOfForm(query)
    if form.is_valid():
        return AsOf(form.cleaned_data["as_of"])
    message = _("The day “%(value)s” cannot be shown (%(problem)s); these are today's figures.")
    problem = " ".join(form.errors["as_of"])
    return AsOf(None, message % {"value": str(query.get("as_of"))[:20], "problem": problem})


class PlanForm(forms.Form):
    """A plan's name and one target per registered metric (blank: the plan above applies).

    Targets are read as text: the service decides what a target may be, and its refusal is
    shown beside the metric's field."""

    name = forms.CharField(label=_("Name"), max_length=120)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, *args: Any, inherited: dict[str, Origin], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for metric in registry.metrics():
            origin = inherited.get(metric.key)
            self.fields[metric.key] = forms.CharField(
                label=metric.name,
                required=False,
                help_text=_inherited_text(metric, origin),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
            )

    @property
    def targets(self) -> dict[str, str]:
        return {metric.key: self.cleaned_data[metric.key] for metric in registry.metrics()}


class NewPlanForm(PlanForm):
    """A plan for a node in the cadre's subtree (its own, or a federation below it)."""

    org = forms.ModelChoiceField(label=_("Union"), queryset=Union.objects.none())
    year = forms.IntegerField(label=_("Year"))

    field_order = ["org", "year", "name", "source"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, inherited={}, **kwargs)
        self.user = user
        org = self.fields["org"]
        assert isinstance(org, forms.ModelChoiceField)
        mine = Q(pk=user.org_id) | ~Q(kind__in=Union.GRASSROOTS_KINDS)
        org.queryset = visible_to(Union, user).filter(mine).order_by("path")
        self.fields["year"].initial = timezone.localdate().year
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        org, year = cleaned.get("org"), cleaned.get("year")
        if org and year and plans_of(user=self.user, year=year).filter(org=org).exists():
            raise forms.ValidationError(
                _("%(union)s already has a plan for %(year)s: change that one.")
                % {"union": org, "year": year}
            )
        return cleaned


def _inherited_text(metric: registry.Metric, origin: Origin | None) -> str:
    unit = metric.unit.label
    if origin is None:
        return _("Unit: %(unit)s · blank: no target") % {"unit": unit}
    return _("Unit: %(unit)s · blank: %(value)s from the %(plan)s") % {
        "unit": unit,
        "value": f"{origin.value:g}",
        "plan": origin.label,
    }
