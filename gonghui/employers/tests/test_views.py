"""Employer pages as a cadre uses them: the filtered list, registering, editing, contracts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gonghui.conftest import World, credit_code
from gonghui.core.models import AuditEntry
from gonghui.employers.models import CollectiveContract, Employer, Ownership

pytestmark = pytest.mark.django_db

NEW_CODE = credit_code("320302", 501)


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def listed(client: Client, query: str = "") -> set[str]:
    """The names of the employers in the list for a query string."""
    html = client.get(f"/employers/{query}").content.decode()
    return set(re.findall(r'<a href="/employers/\d+/">([^<]*)</a>', html))


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "credit_code": NEW_CODE,
        "name": "鼓楼区新材料有限公司",
        "ownership": Ownership.PRIVATE,
        "industry": "C",
        "headcount": "60",
        "area": world.a.street_area.pk,
        "union": "",
        "congress_since": "",
    }
    data.update(overrides)
    return data


def errors_of(response: Any, field: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    return list(response.context["form"].errors.get(field, []))


# The list and its filters


def test_the_list_shows_the_employers_in_scope_only(world: World) -> None:
    assert listed(signed_in(world, "district")) == {
        world.a.employer.name,
        world.a.bare_employer.name,
    }


def test_the_list_narrows_to_employers_without_a_union(world: World) -> None:
    assert listed(signed_in(world, "district"), "?unionised=no") == {world.a.bare_employer.name}
    assert listed(signed_in(world, "district"), "?unionised=yes") == {world.a.employer.name}


def test_the_list_narrows_by_ownership(world: World) -> None:
    Employer.objects.create(
        credit_code=credit_code("320302", 77, prefix="11"),
        name="鼓楼区国有供热公司",
        ownership=Ownership.STATE,
        industry="D",
        headcount=300,
        area=world.a.street_area,
    )
    assert listed(signed_in(world, "district"), "?ownership=state") == {"鼓楼区国有供热公司"}


def test_the_list_finds_an_employer_by_part_of_its_name(world: World) -> None:
    assert listed(signed_in(world, "district"), "?q=小商") == {world.a.bare_employer.name}


def test_the_list_finds_an_employer_by_its_exact_credit_code(world: World) -> None:
    code = world.a.employer.credit_code
    client = signed_in(world, "district")
    assert listed(client, f"?q={code.lower()}") == {world.a.employer.name}
    assert listed(client, f"?q={code[:-1]}") == set()


def test_the_list_finds_an_employer_by_a_full_name_of_eighteen_characters(
    world: World,
) -> None:
    # Chinese characters are "alphanumeric" to Python: an 18-character name must still be
    # searched as a name, not taken for a credit code.
    name = "徐州市鼓楼区恒通精密机械制造有限公司"
    assert len(name) == 18
    Employer.objects.create(
        credit_code=credit_code("320302", 78),
        name=name,
        ownership=Ownership.PRIVATE,
        industry="C",
        headcount=40,
        area=world.a.street_area,
    )
    assert listed(signed_in(world, "district"), f"?q={name}") == {name}


def test_the_list_never_finds_the_sibling_district(world: World) -> None:
    client = signed_in(world, "district")
    assert listed(client, f"?q={world.b.employer.credit_code}") == set()
    assert listed(client, f"?area={world.b.area.code}") == set()


def test_an_htmx_request_gets_only_the_rows(world: World) -> None:
    response = signed_in(world, "district").get("/employers/?q=小商", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and world.a.bare_employer.name in html


# Registering and editing


def test_a_credit_code_with_the_letter_i_is_refused_and_nothing_written(world: World) -> None:
    code = NEW_CODE[:10] + "I" + NEW_CODE[11:]
    count = Employer.objects.count()
    response = signed_in(world, "district").post(
        "/employers/new/", form_data(world, credit_code=code)
    )
    messages = errors_of(response, "credit_code")
    assert messages and "I" in messages[0]
    assert 'class="field invalid"' in response.content.decode()
    assert Employer.objects.count() == count
    assert not AuditEntry.objects.filter(action="employer.create").exists()


def test_a_credit_code_already_registered_is_refused(world: World) -> None:
    count = Employer.objects.count()
    client = signed_in(world, "district")
    for code in (world.a.employer.credit_code, world.b.employer.credit_code):
        response = client.post("/employers/new/", form_data(world, credit_code=code))
        assert errors_of(response, "credit_code"), code
    assert Employer.objects.count() == count


def test_registering_an_employer_saves_it_and_writes_an_audit_entry(world: World) -> None:
    response = signed_in(world, "district").post(
        "/employers/new/",
        form_data(world, credit_code=NEW_CODE.lower(), union=world.a.grassroots.credit_code),
    )
    employer = Employer.objects.get(credit_code=NEW_CODE)
    assert response.status_code == 302 and response["Location"] == f"/employers/{employer.pk}/"
    assert employer.union == world.a.grassroots and employer.area == world.a.street_area
    entry = AuditEntry.objects.get(action="employer.create")
    assert entry.actor == world.user("district") and entry.object_id == str(employer.pk)
    assert entry.detail["after"]["credit_code"] == NEW_CODE


def test_a_viewer_cannot_register_an_employer(world: World) -> None:
    client = signed_in(world, "viewer")
    assert client.get("/employers/new/").status_code == 403
    assert client.post("/employers/new/", form_data(world)).status_code == 403
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()


def test_the_area_choices_are_the_streets_of_the_users_own_district(world: World) -> None:
    response = signed_in(world, "district").get(f"/employers/{world.a.employer.pk}/edit/")
    html = response.content.decode()
    offered = re.findall(
        r'<option value="(\d+)"', html.split('name="area"')[1].split("</select>")[0]
    )
    assert offered == [world.a.street_area.pk]


def test_an_edit_cannot_move_an_employer_into_the_sibling_district(world: World) -> None:
    employer = world.a.employer
    response = signed_in(world, "district").post(
        f"/employers/{employer.pk}/edit/",
        form_data(
            world,
            credit_code=employer.credit_code,
            name=employer.name,
            area=world.b.street_area.pk,
            union=world.a.grassroots.credit_code,
        ),
    )
    assert errors_of(response, "area")
    employer.refresh_from_db()
    assert employer.area == world.a.street_area


def test_an_edit_cannot_name_a_union_of_the_sibling_district(world: World) -> None:
    employer = world.a.employer
    response = signed_in(world, "district").post(
        f"/employers/{employer.pk}/edit/",
        form_data(
            world,
            credit_code=employer.credit_code,
            name=employer.name,
            union=world.b.grassroots.credit_code,
        ),
    )
    assert errors_of(response, "union")
    assert world.b.grassroots.name not in response.content.decode()
    employer.refresh_from_db()
    assert employer.union == world.a.grassroots


def test_an_edit_is_saved_and_audited_with_its_changes(world: World) -> None:
    employer = world.a.employer
    response = signed_in(world, "district").post(
        f"/employers/{employer.pk}/edit/",
        form_data(
            world,
            credit_code=employer.credit_code,
            name=employer.name,
            headcount="150",
            union=world.a.grassroots.credit_code,
        ),
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.headcount == 150
    entry = AuditEntry.objects.get(action="employer.update")
    assert entry.detail["changes"]["headcount"] == [120, 150]


# Collective contracts


def contract(world: World, username: str = "district", **overrides: Any) -> Any:
    data = {"kind": "general", "signed_on": "2025-01-01", "expires_on": "2027-12-31"}
    data.update(overrides)
    return signed_in(world, username).post(f"/employers/{world.a.employer.pk}/contracts/new/", data)


def test_a_contract_document_that_is_not_a_pdf_is_refused(world: World) -> None:
    fake = SimpleUploadedFile("contract.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = contract(world, document=fake)
    assert errors_of(response, "document")
    assert not CollectiveContract.objects.exists()


def test_a_contract_with_a_pdf_document_is_recorded(world: World) -> None:
    pdf = SimpleUploadedFile("contract.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
    response = contract(world, document=pdf)
    assert response.status_code == 302
    recorded = CollectiveContract.objects.get(employer=world.a.employer)
    assert recorded.document.read().startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="contract.create").exists()


def test_a_contract_that_expires_before_it_is_signed_is_refused(world: World) -> None:
    response = contract(world, signed_on="2025-06-01", expires_on="2025-05-31")
    assert errors_of(response, "expires_on")
    assert not CollectiveContract.objects.exists()


def test_a_non_unionised_employer_signs_no_contract(world: World) -> None:
    response = signed_in(world, "district").post(
        f"/employers/{world.a.bare_employer.pk}/contracts/new/",
        {"kind": "general", "signed_on": "2025-01-01", "expires_on": "2027-12-31"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not CollectiveContract.objects.exists()


def test_the_edit_form_gives_the_date_picker_an_iso_date(world: World) -> None:
    # <input type="date"> only reads YYYY-MM-DD; any other value shows an empty picker, and
    # saving the form then erases the date.
    Employer.objects.filter(pk=world.a.employer.pk).update(congress_since="2020-01-01")
    html = signed_in(world, "district").get(f"/employers/{world.a.employer.pk}/edit/")
    assert re.search(
        r'<input type="date" name="congress_since" value="2020-01-01"', html.content.decode()
    )
