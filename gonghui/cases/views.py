"""Case pages: my work, overdue, one case (timeline and its actions), its files, my
notifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from gonghui.cases import selectors, services
from gonghui.cases.forms import AttachmentForm, CommentForm, ReadForm, TransitionForm
from gonghui.cases.models import Attachment, Case
from gonghui.cases.workflow import available_transitions
from gonghui.core.forms import save_if_valid
from gonghui.core.http import client_address, editor_required
from gonghui.core.pagination import page_of


def case_work(request: HttpRequest) -> HttpResponse:
    cases = selectors.my_work(user=request.user)
    page = page_of(cases, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    return render(request, "cases/list.html", {"page": page, "overdue_only": False})


def case_overdue(request: HttpRequest) -> HttpResponse:
    cases = selectors.overdue(user=request.user)
    page = page_of(cases, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    return render(request, "cases/list.html", {"page": page, "overdue_only": True})


@require_safe
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _detail(request, selectors.case_get(user=request.user, case_id=case_id))


def _detail(
    request: HttpRequest,
    case: Case,
    comment_form: CommentForm | None = None,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    return render(request, "cases/detail.html", {
        "case": case,
        "events": selectors.timeline(case=case),
        "transitions": available_transitions(request.user, case),
        "comment_form": comment_form or CommentForm(),
        "attachment_form": attachment_form or AttachmentForm(),
    })  # fmt: skip


@require_POST
@editor_required
def case_act(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(actor=request.user, case=case, transition=form.cleaned_data[
                "transition"], note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@editor_required
def case_comment(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = CommentForm(request.POST)
    done = save_if_valid(request, form, lambda: services.case_comment(
        actor=request.user, case=case, text=form.cleaned_data["text"]))  # fmt: skip
    if done is None:
        return _detail(request, case, comment_form=form)
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@editor_required
def case_attach(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = AttachmentForm(request.POST, request.FILES)
    done = save_if_valid(request, form, lambda: services.case_attach(
        actor=request.user, case=case, upload=form.cleaned_data["file"]))  # fmt: skip
    if done is None:
        return _detail(request, case, attachment_form=form)
    return redirect("cases:detail", case_id=case.pk)


@require_safe
def case_file(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    attachment = selectors.attachment_get(user=request.user, case=case, attachment_id=attachment_id)
    return attachment_response(request, attachment)


def attachment_response(request: HttpRequest, attachment: Attachment) -> FileResponse:
    """A case's file as a download (also the portal's, for the worker whose case it is): its
    stored name and sniffed type, never rendered by the browser; every download audited."""
    try:
        stream = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.attachment_download(actor=request.user, attachment=attachment,
                                 remote_addr=client_address(request))  # fmt: skip
    response = FileResponse(stream, as_attachment=True, filename=attachment.name,
                            content_type=attachment.content_type)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


def notification_list(request: HttpRequest) -> HttpResponse:
    form = ReadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notification = selectors.notification_get(
            user=request.user, notification_id=form.cleaned_data["notification"]
        )
        services.notification_read(actor=request.user, notification=notification)
        if not notification.case_visible:  # told of a case held elsewhere: the message is all
            return redirect("cases:notifications")
        return redirect("cases:detail", case_id=notification.case_id)
    notifications = selectors.my_notifications(user=request.user)
    page = page_of(notifications, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    return render(request, "cases/notifications.html", {"page": page})
