"""The union tree: drill down from the user's own node; suggestions for union pickers."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.forms import save_if_valid
from gonghui.core.http import editor_required, export_response
from gonghui.orgs import selectors, services
from gonghui.orgs.exporting import UNION_COLUMNS
from gonghui.orgs.forms import SixHavesForm
from gonghui.overview.selectors import children_with_totals, subtree_totals

SUGGESTIONS = 20


def tree(request: HttpRequest) -> HttpResponse:
    """`/unions/` opens the tree at the node the user acts for."""
    root = selectors.user_root(user=request.user)
    if root is None:
        raise Http404
    return redirect("orgs:detail", union_id=root.pk)


def export(request: HttpRequest) -> HttpResponse:
    unions = selectors.union_list(user=request.user)
    return export_response(request, kind="unions", rows=unions, columns=UNION_COLUMNS)


def detail(request: HttpRequest, union_id: int) -> HttpResponse:
    union = selectors.union_get(user=request.user, union_id=union_id)
    context = {
        "union": union,
        "breadcrumb": selectors.union_ancestors(user=request.user, union=union),
        "totals": subtree_totals(union),
        "children": children_with_totals(user=request.user, union=union),
        "six_haves": selectors.six_haves_of(user=request.user, union=union),
    }
    return render(request, "orgs/detail.html", context)


@editor_required
def six_haves(request: HttpRequest, union_id: int) -> HttpResponse:
    """Record the assessment of one "六有" item of a grassroots union."""
    union = selectors.union_get(user=request.user, union_id=union_id)
    form = SixHavesForm(request.POST or None, request.FILES or None)
    assessment = save_if_valid(
        request,
        form,
        lambda: services.six_haves_assess(actor=request.user, union=union, **form.cleaned_data),
    )
    if assessment is not None:
        messages.success(request, _("Assessment recorded."))
        return redirect("orgs:detail", union_id=union.pk)
    return render(request, "orgs/six_haves_form.html", {"form": form, "union": union})


def suggest(request: HttpRequest) -> HttpResponse:
    """`<option>`s of grassroots unions matching what is typed in a union input (htmx sends
    the input under its own name, so any single parameter is the query)."""
    query = next(iter(request.GET.values()), "")[:40]
    unions = selectors.union_search(user=request.user, query=query, grassroots_only=True)
    rows = unions.exclude(credit_code=None)[:SUGGESTIONS] if query.strip() else []
    return render(request, "orgs/_suggestions.html", {"unions": rows})
