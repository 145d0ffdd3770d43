"""Mass assignment (等保 2.0 三级 访问控制): fields a form or an API call does not offer cannot be
set by posting them. Each edit page is posted back with its own values plus `status`, `union`,
`org`, `is_staff`, `is_superuser`, `role`, `scope_path`, `actor`…: the edit is accepted and
neither the record nor the signed-in user changes. The API's write endpoints likewise.
(Every ModelForm and serializer naming its fields is checked in test_form_fields.py.)"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.test import Client, override_settings
from django.urls import path

from gonghui.accounts.models import User
from gonghui.api.serializers import MemberIn
from gonghui.api.services import token_create
from gonghui.conftest import World, resident_id
from gonghui.core import crypto
from gonghui.members.models import Member
from gonghui.testing import matrix

pytestmark = pytest.mark.django_db

# Each edit page (URL name) → the URL parameter naming its record. (A hardship file is edited
# only while under review; the sample is active, so its page refuses every edit.)
EDIT_PAGES = {
    "members:edit": "member_id",
    "employers:edit": "employer_id",
    "legalaid:post_edit": "post_id",
    "relocation:edit": "relocated_id",
}
PATHS = {
    "members:edit": "/members/{}/edit/",
    "employers:edit": "/employers/{}/edit/",
    "legalaid:post_edit": "/legal/posts/{}/edit/",
    "relocation:edit": "/relocation/{}/edit/",
}


def extras(world: World) -> dict[str, Any]:
    """Fields no form offers, set to values that would matter."""
    b = world.b
    return {
        "status": "left", "union": b.grassroots.pk, "org": b.federation.pk,
        "holding_union": b.federation.pk, "is_staff": "on", "is_superuser": "on",
        "role": "city", "scope_path": b.federation.path, "path": "/", "actor": 1,
        "created_by": world.user("district_b").pk, "recorded_by": world.user("district_b").pk,
        "id": 987654, "pk": 987654, "verified_at": "2020-01-01", "state": "done",
    }  # fmt: skip


class _FormFields(HTMLParser):
    """The named fields of each POST form of a page, with their current values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.fields: dict[str, str] = {}
        self.inside = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form" and found.get("method", "").lower() == "post":
            self.inside, self.fields = True, {}
            self.forms.append(self.fields)
        if not self.inside or ("name" not in found and tag != "option"):
            return
        if tag == "input" and found.get("type") not in ("submit", "button", "file"):
            if found.get("type") not in ("checkbox", "radio") or "checked" in found:
                self.fields[found["name"]] = found.get("value", "")
        elif tag == "select":
            self._select = found["name"]
        elif tag == "option" and self._select and "selected" in found:
            self.fields[self._select] = found.get("value", "")
        elif tag == "textarea":
            self._textarea = found["name"]
            self.fields[found["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str) -> dict[str, str]:
    """The page's main form: the POST form with the most fields (not the language switch)."""
    parser = _FormFields()
    parser.feed(html)
    return max(parser.forms, key=len, default={})


def snapshot(record: models.Model) -> dict[str, Any]:
    """The record's stored columns, but for the times a save stamps; encrypted columns as
    their plain text (each save encrypts afresh)."""
    row = type(record)._base_manager.filter(pk=record.pk).values().get()
    stamped = {f.attname for f in record._meta.concrete_fields if getattr(f, "auto_now", False)}
    return {key: crypto.decrypt(bytes(value)) if key.endswith("_cipher") and value else value
            for key, value in row.items() if key not in stamped}  # fmt: skip


def _user_row(user: User) -> dict[str, Any]:
    return User.objects.filter(pk=user.pk).values("is_staff", "is_superuser", "role", "org").get()


def post_back_with_extras(world: World, url: str, record: models.Model) -> None:
    """Post the page's form back unchanged plus the extra fields, as A's district cadre: the
    edit must be accepted and change neither the record nor the cadre's account."""
    cadre = world.user("district")
    client = Client()
    client.force_login(cadre)
    offered = form_fields(client.get(url).content.decode())
    assert offered, f"{url}: no form found"
    before, user_before = snapshot(record), _user_row(cadre)
    posted = {name: value for name, value in extras(world).items() if name not in offered}
    response = client.post(url, offered | posted)
    errors = getattr(response, "context", None) and response.context.get("form").errors
    assert response.status_code == 302, f"{url}: the edit was not accepted: {errors}"
    assert snapshot(record) == before
    assert _user_row(cadre) == user_before


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_an_edit_page_takes_no_field_it_does_not_offer(world: World, page: str) -> None:
    record = matrix.records(world, world.a)[EDIT_PAGES[page]]
    post_back_with_extras(world, PATHS[page].format(record.pk), record)


def test_an_api_write_takes_no_field_it_does_not_offer(world: World) -> None:
    issued = token_create(actor=None, union=world.a.federation, name="人社局", access="read_write")
    client = Client(headers={"Authorization": f"Bearer {issued.secret}"})
    employer = world.a.employer
    before = snapshot(employer)
    body = {"headcount": before["headcount"] + 1} | {
        key: value for key, value in extras(world).items() if key != "union"
    }
    response = client.patch(f"/api/v1/employers/{employer.pk}/", body,
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert snapshot(employer) == before | {"headcount": before["headcount"] + 1}


def test_an_api_write_cannot_move_a_record_outside_the_subtree(world: World) -> None:
    issued = token_create(actor=None, union=world.a.federation, name="人社局", access="read_write")
    client = Client(headers={"Authorization": f"Bearer {issued.secret}"})
    employer = world.a.employer
    before = snapshot(employer)
    response = client.patch(f"/api/v1/employers/{employer.pk}/", {"union": world.b.grassroots.pk},
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert snapshot(employer) == before


def _greedy_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    """Saves every posted field the model has."""
    if request.method == "POST":
        names = {field.attname for field in Member._meta.concrete_fields} - {"id"}
        Member.objects.filter(pk=member_id).update(
            **{name: request.POST[name] for name in names if name in request.POST}
        )
        return redirect("/")
    return HttpResponse('<form method="post"><input name="name" value="张三"></form>')


def test_it_catches_a_page_that_takes_a_field_it_does_not_offer(world: World) -> None:
    import gonghui.urls

    module = type(gonghui.urls)("greedy_urls")
    module.urlpatterns = [path("greedy/<int:member_id>/", _greedy_edit),  # type: ignore[attr-defined]
                          *gonghui.urls.urlpatterns]  # fmt: skip
    member = world.a.member
    with override_settings(ROOT_URLCONF=module), pytest.raises(AssertionError):
        post_back_with_extras(world, f"/greedy/{member.pk}/", member)
    assert Member.objects.get(pk=member.pk).status == extras(world)["status"]


def test_a_worker_proving_identity_cannot_raise_their_account(world: World) -> None:
    worker = next(p.user for p in matrix.principals(world) if p.role == "worker")
    client = Client()
    client.force_login(worker)
    number = resident_id("320302", "19960606", 55)
    response = client.post(
        "/portal/identity/", {"name": "赵六", "id_number": number} | extras(world)
    )
    assert response.status_code == 302
    assert _user_row(worker) == {"is_staff": False, "is_superuser": False, "role": "worker",
                                 "org": None}  # fmt: skip


def test_an_api_create_takes_no_field_it_does_not_offer(world: World) -> None:
    issued = token_create(actor=None, union=world.a.federation, name="人社局", access="read_write")
    client = Client(headers={"Authorization": f"Bearer {issued.secret}"})
    body = {"name": "钱七", "id_number": resident_id("320302", "19880808", 77),
            "mobile": "13811112222", "employer": world.a.employer.pk, "joined_on": "2024-01-01",
            "consent_on": "2024-01-01"}  # fmt: skip
    body |= {name: value for name, value in extras(world).items() if name not in MemberIn().fields}
    response = client.post("/api/v1/members/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    member = Member.objects.get(pk=response.json()["id"])
    assert member.pk != extras(world)["id"]
    assert member.union == world.a.grassroots  # the employer's union, not the posted one
    assert member.status != extras(world)["status"]
