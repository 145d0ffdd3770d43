"""Member pages: search and list, detail, join, edit, transfer, reveal personal data, erase."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.forms import save_if_valid
from gonghui.core.http import client_address, editor_required, export_response
from gonghui.core.pagination import page_of
from gonghui.members import erasure, selectors, services
from gonghui.members.exporting import member_columns
from gonghui.members.forms import MemberEditForm, MemberJoinForm, MemberSearchForm, TransferForm
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import union_get


def member_list(request: HttpRequest) -> HttpResponse:
    search, query, union, members = _listed(request)
    page = page_of(members, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    template = "members/_rows.html" if request.headers.get("HX-Request") else "members/list.html"
    context = {"search": search, "page": page, "query": query, "union": union}
    return render(request, template, context)


def member_export(request: HttpRequest) -> HttpResponse:
    """The list as shown, as a spreadsheet; full personal data only for a user who may unmask."""
    _search, _query, _union, members = _listed(request)
    unmasked = request.user.may_unmask and request.GET.get("unmask") == "1"
    columns = member_columns(unmasked=unmasked)
    return export_response(
        request, kind="members", rows=members, columns=columns, unmasked=unmasked
    )


def _listed(request: HttpRequest) -> tuple[MemberSearchForm, str, Union | None, QuerySet[Member]]:
    """The members a list request asks for: the search box, the status, a union's subtree."""
    # The list opens with active members; the status box says so and every search keeps it.
    data = request.GET.copy()
    data.setdefault("status", Status.ACTIVE)
    search = MemberSearchForm(data)
    query, status = "", Status.ACTIVE
    if search.is_valid():
        query, status = search.cleaned_data["q"], search.cleaned_data["status"]
    union = None
    if union_id := request.GET.get("union"):
        union = union_get(user=request.user, union_id=union_id)
    members = selectors.member_search(
        user=request.user, query=query, status=status or None, within=union
    )
    return search, query, union, members


def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, member_id=member_id)
    transfers = selectors.member_transfers(user=request.user, member=member)
    context = {
        "member": member,
        "transfers": transfers,
        "may_erase": erasure.may_erase(request.user),
    }
    return render(request, "members/detail.html", context)


@require_POST
def member_reveal(request: HttpRequest, member_id: int) -> HttpResponse:
    """Show the full ID number and mobile once, for a user who may; the use is audited."""
    member = selectors.member_get(user=request.user, member_id=member_id)
    try:
        revealed = services.member_reveal(
            actor=request.user, member=member, remote_addr=client_address(request)
        )
    except ValidationError as error:
        return render(request, "members/_revealed.html", {"error": error.messages[0]}, status=403)
    return render(request, "members/_revealed.html", {"revealed": revealed})


@editor_required
def member_erase(request: HttpRequest, member_id: int) -> HttpResponse:
    """Erase the person of a membership (删除权), after a confirmation; the figures stay."""
    member = selectors.member_get(user=request.user, member_id=member_id)
    if not erasure.may_erase(request.user):
        raise PermissionDenied
    if request.method == "POST":
        erasure.member_erase(actor=request.user, member=member, remote_addr=client_address(request))
        messages.success(request, _("The person's personal data was erased."))
        return redirect("members:detail", member_id=member.pk)
    return render(request, "members/erase.html", {"member": member})


@editor_required
def member_create(request: HttpRequest) -> HttpResponse:
    form = MemberJoinForm(request.POST or None, user=request.user)
    member = save_if_valid(
        request,
        form,
        lambda: services.member_create(actor=request.user, **form.service_arguments()),
    )
    if member is not None:
        messages.success(request, _("%(name)s joined the union.") % {"name": member.name})
        return redirect("members:detail", member_id=member.pk)
    return render(request, "members/form.html", {"form": form})


@editor_required
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, member_id=member_id)
    initial = {
        "name": member.name,
        "mobile": member.mobile,
        "joined_on": member.joined_on,
        "status": member.status,
        "is_migrant_worker": member.is_migrant_worker,
    }
    form = MemberEditForm(request.POST or None, user=request.user, initial=initial)
    updated = save_if_valid(
        request,
        form,
        lambda: services.member_update(actor=request.user, member=member, **form.cleaned_data),
    )
    if updated is not None:
        messages.success(request, _("Changes saved."))
        return redirect("members:detail", member_id=member.pk)
    return render(request, "members/form.html", {"form": form, "member": member})


@editor_required
def member_transfer(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, member_id=member_id)
    form = TransferForm(request.POST or None, user=request.user)
    transfer = save_if_valid(
        request,
        form,
        lambda: services.member_transfer(actor=request.user, member=member, **form.cleaned_data),
    )
    if transfer is not None:
        message = _("Membership moved to %(union)s.") % {"union": transfer.to_union}
        messages.success(request, message)
        return redirect("members:detail", member_id=member.pk)
    return render(request, "members/transfer.html", {"form": form, "member": member})
