"""The worker's side at the portal (phone-sized): apply for a hardship file, follow it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.forms import add_service_error
from gonghui.core.http import worker_required
from gonghui.hardship import selectors, services
from gonghui.hardship.forms import WorkerApplicationForm, people_formset
from gonghui.portal import selectors as portal


@worker_required
def worker_files(request: HttpRequest) -> HttpResponse:
    files = selectors.my_files(user=request.user)
    return render(request, "hardship/portal/files.html", {"files": files})


@worker_required
def worker_file(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.my_file(user=request.user, household_id=household_id)
    context = {
        "household": household,
        "events": selectors.worker_timeline(household=household),
        "assistance": selectors.assistance_of(household=household),
    }
    return render(request, "hardship/portal/file.html", context)


@worker_required
def worker_apply(request: HttpRequest) -> HttpResponse:
    profile = portal.profile_of(user=request.user)
    form = WorkerApplicationForm(request.POST or None)
    people = people_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and people.is_valid():
        code = form.cleaned_data["credit_code"]
        employer = portal.employer_by_code(credit_code=code) if code else None
        try:
            if code and employer is None:
                unknown = _("No employer is registered under this code.")
                raise ValidationError({"credit_code": unknown})
            household = services.household_apply(
                actor=request.user, employer=employer, figures=form.figures(people)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your application was sent to your union."))
            return redirect("hardship:worker_file", household_id=household.pk)
    context = {"form": form, "people": people, "profile": profile}
    return render(request, "hardship/portal/apply.html", context)
