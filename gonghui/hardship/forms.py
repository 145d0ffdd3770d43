"""Forms for hardship files: the file (its applicant, figures and people), re-verification,
exit, medical consent, assistance, and the worker's application at the portal.

An edited file's ID numbers come back masked (`320302********1234`): a masked value left as it
was keeps the stored number, so a form never shows a full ID number.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import crypto, ids
from gonghui.core.forms import DateInput
from gonghui.hardship import selectors
from gonghui.hardship.models import ExitReason, Household, Kind, Relation
from gonghui.hardship.services import Figures, Person
from gonghui.hardship.tiers import Cause


def _resident(raw: str, known: str | None) -> str:
    """The typed ID number, or the stored one when its mask was left untouched."""
    if known and raw.strip() == crypto.mask_id_number(known):
        return known
    return ids.parse_resident_id(raw).number


class PersonForm(forms.Form):
    existing = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Full name"), max_length=40)
    # A blank first choice: an extra row left empty is not "changed" by a preselected relation.
    relation = forms.ChoiceField(label=_("Relation"), choices=[("", "—"), *Relation.choices])
    id_number = forms.CharField(label=_("ID number"), max_length=24)

    def __init__(self, *args: Any, known: dict[int, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known = known or {}

    def clean_id_number(self) -> str:
        existing = self.data.get(self.add_prefix("existing"))
        known = self.known.get(int(existing)) if str(existing or "").isdigit() else None
        return _resident(self.cleaned_data["id_number"], known)


class BasePeopleFormSet(forms.BaseFormSet):
    def people(self) -> list[Person]:
        """The members entered: every kept row of the file, and the new rows filled in."""
        rows = [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)
        ]
        return [
            Person(
                row.cleaned_data["name"],
                row.cleaned_data["relation"],
                row.cleaned_data["id_number"],
            )
            for row in rows
        ]


PeopleFormSet = forms.formset_factory(
    PersonForm, formset=BasePeopleFormSet, extra=2, max_num=15, validate_max=True,
    can_delete=True, can_delete_extra=False,
)  # fmt: skip


def people_formset(data: Any = None, household: Household | None = None) -> BasePeopleFormSet:
    """The household's members, masked, with blank rows to add more."""
    members = list(household.members.all()) if household is not None else []
    initial = [
        {"existing": m.pk, "name": m.name, "relation": m.relation, "id_number": m.masked_id_number}
        for m in members
    ]
    known = {m.pk: m.id_number for m in members}
    return PeopleFormSet(data, initial=initial, prefix="people", form_kwargs={"known": known})


class FiguresForm(forms.Form):
    income = forms.IntegerField(
        label=_("Yearly household income (yuan)"),
        min_value=0,
        max_value=100_000_000,
        help_text=_("All members' income over the last 12 months, in whole yuan."),
    )
    expenses = forms.IntegerField(
        label=_("Yearly rigid expenses (yuan)"),
        min_value=0,
        max_value=100_000_000,
        help_text=_("Unavoidable costs over the last 12 months: medical care, education…"),
    )
    cause = forms.ChoiceField(label=_("Cause of hardship"), choices=Cause.choices)
    relocated = forms.BooleanField(
        label=_("Relocated from coal or steel (转岗分流)"), required=False,
        help_text=_("Set by itself when someone of the household is on the relocation register."),
    )  # fmt: skip

    def figures(self, people: BasePeopleFormSet) -> Figures:
        data = self.cleaned_data
        return Figures(
            data["income"], data["expenses"], data["cause"], data["relocated"], people.people()
        )


class HouseholdForm(FiguresForm):
    """A cadre registers a file or corrects one under review."""

    union = forms.ModelChoiceField(label=_("Holding union"), queryset=None)
    name = forms.CharField(label=_("Applicant (name as on the ID card)"), max_length=40)
    id_number = forms.CharField(label=_("Applicant's ID number"), max_length=24)
    mobile = forms.CharField(label=_("Applicant's mobile"), max_length=20)
    field_order = ["union", "name", "id_number", "mobile"]

    def __init__(
        self, *args: Any, user: Any, household: Household | None = None, **kwargs: Any
    ) -> None:
        if household is not None:
            kwargs.setdefault(
                "initial",
                {
                    "union": household.union_id,
                    "name": household.applicant_name,
                    "id_number": household.masked_id_number,
                    "mobile": household.masked_mobile,
                    "income": household.income,
                    "expenses": household.expenses,
                    "cause": household.cause,
                    "relocated": household.relocated,
                },
            )
        super().__init__(*args, **kwargs)
        self.household = household
        if household is None:
            self.fields["union"].queryset = selectors.holding_unions(user=user)
            self.fields["union"].initial = getattr(user, "org_id", None)
        else:
            del self.fields["union"]  # a file stays with the union holding it

    def clean_id_number(self) -> str:
        known = self.household.applicant_id_number if self.household else None
        return _resident(self.cleaned_data["id_number"], known)

    def clean_mobile(self) -> str:
        raw = self.cleaned_data["mobile"]
        if self.household and raw.strip() == self.household.masked_mobile:
            return self.household.applicant_mobile
        return ids.normalize_mobile(raw)


class WorkerApplicationForm(FiguresForm):
    """A worker's own application: identity comes from the proven profile."""

    credit_code = forms.CharField(
        label=_("Employer's unified social credit code"),
        max_length=24,
        required=False,
        help_text=_("Only if you are not yet a union member."),
    )

    def clean_credit_code(self) -> str:
        code = self.cleaned_data["credit_code"]
        return ids.normalize_credit_code(code) if code.strip() else ""


class ExitForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ExitReason.choices)
    exited_on = forms.DateField(label=_("Exited on"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ConsentForm(forms.Form):
    consented_by = forms.CharField(
        label=_("Consented by (the person, or a guardian for a child under 14)"), max_length=40
    )
    consented_on = forms.DateField(
        label=_("Consented on"), widget=DateInput, initial=timezone.localdate
    )
    scope = forms.CharField(
        label=_("What was consented to"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_(
            "The union keeps the household's diagnoses and treatment costs to decide and "
            "pay medical assistance."
        ),
    )


class AssistanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    amount = forms.IntegerField(label=_("Amount (yuan)"), min_value=1, max_value=10_000_000)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput, initial=timezone.localdate)
    paid_by = forms.ModelChoiceField(label=_("Paying union"), queryset=None)
    student_name = forms.CharField(label=_("Student (student aid)"), max_length=40, required=False)
    school = forms.CharField(label=_("School (student aid)"), max_length=80, required=False)
    medical_details = forms.CharField(
        label=_("Medical details (medical assistance; needs the separate consent)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unions = selectors.paying_unions(user=user, household=household)
        self.fields["paid_by"].queryset = unions
        self.fields["paid_by"].initial = getattr(user, "org_id", None)
