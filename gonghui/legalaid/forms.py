from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput
from gonghui.core.scope import visible_to
from gonghui.legalaid.models import Consultation, DutySlot, Interruption, Post, Topic, Weekday
from gonghui.legalaid.outcomes import Stage, choices_of
from gonghui.orgs.models import Union


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class PostForm(forms.Form):
    """A post of the cadre's own union or of a federation below it."""

    union = forms.ModelChoiceField(label=_("Union running the post"), queryset=Union.objects.none())
    name = forms.CharField(label=_("Name"), max_length=120)
    address = forms.CharField(label=_("Address"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput, initial=timezone.localdate)
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = Q(pk=user.org_id) | ~Q(kind__in=Union.GRASSROOTS_KINDS)
        field = self.fields["union"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible_to(Union, user).filter(mine).order_by("path")

    @classmethod
    def initial_of(cls, post: Post) -> dict[str, Any]:
        return {name: getattr(post, name) for name in cls.base_fields}


class LawyerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    firm = forms.CharField(label=_("Law firm"), max_length=120)
    licence_number = forms.CharField(label=_("Licence number"), max_length=40)


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    lawyer = forms.ModelChoiceField(label=_("Lawyer"), queryset=DutySlot.objects.none())
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=4)

    def __init__(self, *args: Any, post: Post, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lawyer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = post.lawyers.filter(active=True)


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput, required=False)


class BookingForm(forms.Form):
    """A worker's booking: the post and the day chosen first, then a free slot."""

    on = forms.DateField(label=_("Day"), widget=forms.HiddenInput)
    # Chosen among the day's openings, drawn by the page with the places left.
    slot = forms.ModelChoiceField(
        label=_("Time"), queryset=DutySlot.objects.none(), widget=forms.HiddenInput
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices)
    note = forms.CharField(label=_("In a few words (optional)"), max_length=300, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args: Any, post: Post, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = post.slots.filter(active=True)


class ConsultationForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    advice = forms.CharField(label=_("Advice given"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Consultation.Outcome.choices)
    referred_to = forms.CharField(label=_("Referred to"), max_length=120, required=False)


class DisputeForm(forms.Form):
    """A dispute opened at a post; from a consultation, the post and the worker are known."""

    post = forms.ModelChoiceField(label=_("Legal-aid post"), queryset=Post.objects.none())
    claimant_name = forms.CharField(label=_("Worker"), max_length=60)
    employer_name = forms.CharField(label=_("Employer"), max_length=120)
    claim = forms.ChoiceField(label=_("Claim"), choices=Topic.choices)
    amount_claimed = forms.IntegerField(label=_("Amount claimed (yuan)"), min_value=0,
                                        required=False)  # fmt: skip
    arose_on = forms.DateField(
        label=_("Dispute arose on (争议发生之日)"),
        widget=DateInput,
        help_text=_("The day the worker knew or should have known of the infringement: the "
                    "one-year time limit for arbitration runs from it."),
    )  # fmt: skip

    def __init__(self, *args: Any, user: Any, from_consultation: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if from_consultation:
            del self.fields["post"], self.fields["claimant_name"]
            return
        field = self.fields["post"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible_to(Post, user)


class HandoffForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Hand to"),
        choices=[(Stage.ARBITRATION, _("Arbitration")), (Stage.LITIGATION, _("Litigation"))],
        widget=forms.HiddenInput,
    )
    handed_on = forms.DateField(label=_("Date filed"), widget=DateInput)
    body = forms.CharField(
        label=_("Receiving body"),
        max_length=120,
        help_text=_("E.g. 徐州市劳动人事争议仲裁委员会, or the court's full name."),
    )
    reference = forms.CharField(label=_("Reference number (案号)"), max_length=60)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"))
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    amount = forms.IntegerField(label=_("Amount agreed or awarded (yuan)"), min_value=0,
                                required=False)  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices_of(stage)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class InterruptionForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=Interruption.Reason.choices)
    note = forms.CharField(label=_("Evidence"), max_length=300, required=False)
