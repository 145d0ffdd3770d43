"""Cadres' pages: the file lists and export, one file, and the forms that change it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.cases.forms import TransitionForm
from gonghui.cases.services import case_transition
from gonghui.cases.workflow import available_transitions
from gonghui.core.forms import add_service_error, save_if_valid
from gonghui.core.http import cadre_required, client_address, editor_required, export_response
from gonghui.core.pagination import page_of
from gonghui.hardship import aid, selectors, services
from gonghui.hardship.exporting import household_columns
from gonghui.hardship.filters import HouseholdFilterForm
from gonghui.hardship.forms import (
    AssistanceForm,
    ConsentForm,
    ExitForm,
    FiguresForm,
    HouseholdForm,
    people_formset,
)
from gonghui.hardship.models import Household, Status
from gonghui.hardship.workflows import EDITABLE_STATES


@require_safe
@cadre_required
def household_list(request: HttpRequest) -> HttpResponse:
    filters, files = _listed(request)
    page = page_of(files, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    return render(request, "hardship/list.html", {"filters": filters, "page": page})


@require_safe
@cadre_required
def household_export(request: HttpRequest) -> HttpResponse:
    """The list as shown, as a spreadsheet; full personal data only for a user who may unmask."""
    _filters, files = _listed(request)
    unmasked = request.user.may_unmask and request.GET.get("unmask") == "1"
    return export_response(
        request,
        kind="hardship",
        rows=files,
        columns=household_columns(unmasked=unmasked),
        unmasked=unmasked,
    )


def _listed(request: HttpRequest) -> tuple[HouseholdFilterForm, Any]:
    filters = HouseholdFilterForm(request.GET)
    return filters, selectors.household_list(user=request.user, **filters.selection())


@require_safe
@cadre_required
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, household_id=household_id)
    case = household.case
    return render(
        request,
        "hardship/detail.html",
        {
            "household": household,
            "assessment": household.assessment,
            "members": household.members.all(),
            "assistance": selectors.assistance_of(household=household),
            "consents": selectors.consents_of(household=household),
            "transitions": available_transitions(request.user, case) if case else [],
            "editable": _editable(household),
        },
    )


def _editable(household: Household) -> bool:
    case = household.case
    return (
        household.status == Status.APPLYING and case is not None and case.state in EDITABLE_STATES
    )


@require_POST
@editor_required
def household_act(request: HttpRequest, household_id: int) -> HttpResponse:
    """Take a review step from the file's page and come back to it (the case engine decides)."""
    household = selectors.household_get(user=request.user, household_id=household_id)
    form = TransitionForm(request.POST)
    if form.is_valid() and household.case is not None:
        try:
            case_transition(actor=request.user, case=household.case,
                            transition=form.cleaned_data["transition"],
                            note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("hardship:detail", household_id=household.pk)


@editor_required
def household_create(request: HttpRequest) -> HttpResponse:
    form = HouseholdForm(request.POST or None, user=request.user)
    people = people_formset(request.POST or None)

    def save() -> Household:
        data = form.cleaned_data
        return services.household_register(
            actor=request.user,
            union=data["union"],
            name=data["name"],
            id_number=data["id_number"],
            mobile=data["mobile"],
            figures=form.figures(people),
        )

    done = _("The file was registered and sent for review.")
    return _file_form(request, form=form, people=people, save=save, done=done)


@editor_required
def household_edit(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, household_id=household_id)
    form = HouseholdForm(request.POST or None, user=request.user, household=household)
    people = people_formset(request.POST or None, household)

    def save() -> Household:
        data = form.cleaned_data
        return services.household_update(
            actor=request.user,
            household=household,
            name=data["name"],
            id_number=data["id_number"],
            mobile=data["mobile"],
            figures=form.figures(people),
        )

    return _file_form(
        request, form=form, people=people, save=save, done=_("Changes saved."), household=household
    )


@editor_required
def household_reverify(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, household_id=household_id)
    initial = {
        "income": household.income,
        "expenses": household.expenses,
        "cause": household.cause,
        "relocated": household.relocated,
    }
    form = FiguresForm(request.POST or None, initial=initial)
    people = people_formset(request.POST or None, household)

    def save() -> Household:
        return services.household_reverify(
            actor=request.user, household=household, figures=form.figures(people)
        )

    done = _("Re-verified: the tier is recomputed under today's thresholds.")
    return _file_form(
        request, form=form, people=people, save=save, done=done, household=household, reverify=True
    )


def _file_form(
    request: HttpRequest,
    *,
    form: FiguresForm,
    people: Any,
    save: Callable[[], Household],
    done: str,
    household: Household | None = None,
    reverify: bool = False,
) -> HttpResponse:
    """One page for a file's figures and people: valid form and rows → the service."""
    if request.method == "POST" and form.is_valid() and people.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("hardship:detail", household_id=saved.pk)
    context = {"form": form, "people": people, "household": household, "reverify": reverify}
    return render(request, "hardship/form.html", context)


@editor_required
def household_exit(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, household_id=household_id)
    form = ExitForm(request.POST or None)
    return _small_form(
        request, household, form,
        write=lambda: services.household_exit(
            actor=request.user, household=household, **form.cleaned_data),
        done=_("The file exited."), title=_("Exit the file"),
    )  # fmt: skip


@editor_required
def consent_create(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, household_id=household_id)
    form = ConsentForm(request.POST or None)
    return _small_form(
        request, household, form,
        write=lambda: aid.consent_record(
            actor=request.user, household=household, **form.cleaned_data),
        done=_("The consent is recorded."),
        title=_("Record the separate consent to medical details"),
    )  # fmt: skip


@editor_required
def assistance_create(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, household_id=household_id)
    form = AssistanceForm(request.POST or None, user=request.user, household=household)
    return _small_form(
        request, household, form,
        write=lambda: aid.assistance_record(
            actor=request.user, household=household, **form.cleaned_data),
        done=_("The assistance is recorded."), title=_("Record assistance"),
    )  # fmt: skip


def _small_form(
    request: HttpRequest,
    household: Household,
    form: Any,
    *,
    write: Callable[[], object],
    done: str,
    title: str,
) -> HttpResponse:
    """A one-form page about a file: valid → the service, then back to the file."""
    if save_if_valid(request, form, write) is not None:
        messages.success(request, done)
        return redirect("hardship:detail", household_id=household.pk)
    context = {"form": form, "household": household, "title": title}
    return render(request, "hardship/small_form.html", context)


@require_POST
@cadre_required
def assistance_reveal(request: HttpRequest, assistance_id: int) -> HttpResponse:
    """Show a payment's medical details once, for a user who may; the use is audited."""
    assistance = selectors.assistance_get(user=request.user, assistance_id=assistance_id)
    try:
        details = aid.assistance_reveal(
            actor=request.user, assistance=assistance, remote_addr=client_address(request)
        )
    except ValidationError as error:
        return render(request, "hardship/_revealed.html", {"error": error.messages[0]}, status=403)
    return render(request, "hardship/_revealed.html", {"details": details})
