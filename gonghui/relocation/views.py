"""Pages of the register of relocated workers (转岗分流): lists, export, detail with its
services, the forms."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.forms import save_if_valid
from gonghui.core.http import editor_required, export_response
from gonghui.core.pagination import page_of
from gonghui.relocation import selectors, services
from gonghui.relocation.exporting import COLUMNS
from gonghui.relocation.forms import ServiceForm, WorkerFilterForm, WorkerForm
from gonghui.relocation.models import RelocatedWorker


def worker_list(request: HttpRequest) -> HttpResponse:
    filters, workers = _listed(request)
    return _list_page(request, workers, {"filters": filters, "unserved": False})


def unserved_list(request: HttpRequest) -> HttpResponse:
    """Workers on the register no service has reached yet (尚未纳入服务范围)."""
    industry = request.GET.get("industry", "")
    workers = selectors.not_in_service(user=request.user, industry=industry)
    return _list_page(request, workers, {"unserved": True})


def worker_export(request: HttpRequest) -> HttpResponse:
    _filters, workers = _listed(request)
    return export_response(request, kind="relocation", rows=workers, columns=COLUMNS)


def _listed(request: HttpRequest) -> tuple[WorkerFilterForm, QuerySet[RelocatedWorker]]:
    filters = WorkerFilterForm(request.GET)
    return filters, selectors.worker_list(user=request.user, **filters.selection())


def _list_page(request: HttpRequest, workers: QuerySet, context: dict) -> HttpResponse:
    page = page_of(workers, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    return render(request, "relocation/list.html", {**context, "page": page})


def worker_detail(request: HttpRequest, relocated_id: int) -> HttpResponse:
    worker = selectors.worker_get(user=request.user, relocated_id=relocated_id)
    return _detail(request, worker, ServiceForm())


@require_POST
@editor_required
def service_add(request: HttpRequest, relocated_id: int) -> HttpResponse:
    worker = selectors.worker_get(user=request.user, relocated_id=relocated_id)
    form = ServiceForm(request.POST)
    record = save_if_valid(
        request,
        form,
        lambda: services.service_add(actor=request.user, worker=worker, **form.cleaned_data),
    )
    if record is None:
        return _detail(request, worker, form)
    messages.success(request, _("Service recorded."))
    return redirect("relocation:detail", relocated_id=worker.pk)


def _detail(request: HttpRequest, worker: RelocatedWorker, form: ServiceForm) -> HttpResponse:
    history = selectors.worker_services(user=request.user, worker=worker)
    context = {"worker": worker, "history": history, "form": form}
    return render(request, "relocation/detail.html", context)


@editor_required
def worker_create(request: HttpRequest) -> HttpResponse:
    form = WorkerForm(request.POST or None, user=request.user)
    worker = save_if_valid(
        request, form, lambda: services.worker_create(actor=request.user, **form.cleaned_data)
    )
    if worker is not None:
        messages.success(request, _("%(name)s is on the register.") % {"name": worker.name})
        return redirect("relocation:detail", relocated_id=worker.pk)
    return render(request, "relocation/form.html", {"form": form})


@editor_required
def worker_edit(request: HttpRequest, relocated_id: int) -> HttpResponse:
    worker = selectors.worker_get(user=request.user, relocated_id=relocated_id)
    initial = {
        "name": worker.name,
        "industry": worker.industry,
        "employer_name": worker.employer_name,
        "employer": worker.employer.credit_code if worker.employer else "",
        "area": worker.area_id,
        "relocated_on": worker.relocated_on,
        "status": worker.status,
    }
    form = WorkerForm(request.POST or None, user=request.user, initial=initial, worker=worker)
    updated = save_if_valid(
        request,
        form,
        lambda: services.worker_update(actor=request.user, worker=worker, **form.cleaned_data),
    )
    if updated is not None:
        messages.success(request, _("Changes saved."))
        return redirect("relocation:detail", relocated_id=worker.pk)
    return render(request, "relocation/form.html", {"form": form, "worker": worker})
