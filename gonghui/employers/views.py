"""Employer pages: list with filters, detail, create and edit, collective contracts."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.forms import save_if_valid
from gonghui.core.http import editor_required, export_response
from gonghui.core.pagination import page_of
from gonghui.employers import selectors, services
from gonghui.employers.exporting import EMPLOYER_COLUMNS, with_contract_in_force
from gonghui.employers.filters import EmployerFilter
from gonghui.employers.forms import ContractForm, EmployerForm


def employer_list(request: HttpRequest) -> HttpResponse:
    filters = EmployerFilter(request.GET or None)
    employers = filters.apply(selectors.employer_list(user=request.user))
    page = page_of(employers, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    template = (
        "employers/_rows.html" if request.headers.get("HX-Request") else "employers/list.html"
    )
    return render(request, template, {"filters": filters, "page": page})


def employer_export(request: HttpRequest) -> HttpResponse:
    filters = EmployerFilter(request.GET or None)
    employers = filters.apply(selectors.employer_list(user=request.user))
    rows = with_contract_in_force(employers, timezone.localdate())
    return export_response(request, kind="employers", rows=rows, columns=EMPLOYER_COLUMNS)


def employer_detail(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    contracts = selectors.employer_contracts(user=request.user, employer=employer)
    return render(request, "employers/detail.html", {"employer": employer, "contracts": contracts})


@editor_required
def employer_create(request: HttpRequest) -> HttpResponse:
    return _employer_form(request, employer=None)


@editor_required
def employer_edit(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    return _employer_form(request, employer=employer)


def _employer_form(request: HttpRequest, *, employer: object) -> HttpResponse:
    initial = EmployerForm.initial_from(employer) if employer else None
    form = EmployerForm(request.POST or None, user=request.user, initial=initial)
    saved = save_if_valid(
        request,
        form,
        lambda: services.employer_save(actor=request.user, employer=employer, **form.cleaned_data),
    )
    if saved is not None:
        messages.success(request, _("Employer %(name)s saved.") % {"name": saved.name})
        return redirect("employers:detail", employer_id=saved.pk)
    return render(request, "employers/form.html", {"form": form, "employer": employer})


@editor_required
def contract_create(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    form = ContractForm(request.POST or None, request.FILES or None)
    contract = save_if_valid(
        request,
        form,
        lambda: services.contract_add(actor=request.user, employer=employer, **form.cleaned_data),
    )
    if contract is not None:
        messages.success(request, _("Collective contract recorded."))
        return redirect("employers:detail", employer_id=employer.pk)
    return render(request, "employers/contract_form.html", {"form": form, "employer": employer})
