"""The cadres' pages: scope, masking, read-only viewers; the forms end to end."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.conftest import World, resident_id
from gonghui.core.models import AuditEntry
from gonghui.hardship.models import Household, Status
from gonghui.hardship.tests.conftest import APPLICANT_ID, SPOUSE_ID, register

pytestmark = pytest.mark.django_db


def client_of(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def people(*rows: tuple[str, str, str], existing: tuple[int, ...] = ()) -> dict[str, str]:
    data = {
        "people-TOTAL_FORMS": str(len(rows)),
        "people-INITIAL_FORMS": str(len(existing)),
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "15",
    }
    for index, (name, relation, number) in enumerate(rows):
        data |= {
            f"people-{index}-name": name,
            f"people-{index}-relation": relation,
            f"people-{index}-id_number": number,
        }
        if index < len(existing):
            data[f"people-{index}-existing"] = str(existing[index])
    return data


FIGURES = {"income": "20000", "expenses": "5000", "cause": "illness"}


def test_a_cadre_registers_a_household_through_the_form(world: World) -> None:
    data = (
        {
            "union": world.a.grassroots.pk,
            "name": "赵六",
            "id_number": APPLICANT_ID,
            "mobile": "13700001111",
        }
        | FIGURES
        | people(("钱七", "spouse", SPOUSE_ID), ("", "", ""))
    )
    response = client_of(world, "grassroots").post("/hardship/new/", data)
    household = Household.objects.get()
    assert response.status_code == 302 and response.url == f"/hardship/{household.pk}/"
    assert household.size == 2 and household.members.get().name == "钱七"


def test_the_form_shows_a_refusal_and_writes_nothing(world: World, household: Household) -> None:
    data = (
        {
            "union": world.a.grassroots.pk,
            "name": "孙八",
            "id_number": resident_id("320302", "19700101", 99),
            "mobile": "13700002222",
        }
        | FIGURES
        | people(("钱七", "spouse", SPOUSE_ID))
    )
    response = client_of(world, "grassroots").post("/hardship/new/", data)
    assert response.status_code == 200
    assert household.number in response.content.decode()
    assert Household.objects.count() == 1


def test_a_correction_keeps_masked_id_numbers_as_they_were(
    world: World, household: Household
) -> None:
    member = household.members.first()
    page = client_of(world, "grassroots").get(f"/hardship/{household.pk}/edit/").content.decode()
    assert APPLICANT_ID not in page and SPOUSE_ID not in page
    data = (
        {"name": "赵六", "id_number": household.masked_id_number, "mobile": household.masked_mobile}
        | FIGURES
        | people((member.name, member.relation, member.masked_id_number), existing=(member.pk,))
    )
    response = client_of(world, "grassroots").post(f"/hardship/{household.pk}/edit/", data)
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.applicant_id_number == APPLICANT_ID and household.size == 2
    assert household.members.get().id_number == SPOUSE_ID


def test_the_detail_shows_masked_people_the_figures_and_the_review(
    world: World, household: Household
) -> None:
    page = client_of(world, "district").get(f"/hardship/{household.pk}/").content.decode()
    assert APPLICANT_ID not in page and SPOUSE_ID not in page
    assert "320302********" + SPOUSE_ID[-4:] in page
    assert "416.67" in page and "870" in page
    assert f"/cases/{household.case_id}/" in page


def test_another_subtree_gets_404_everywhere(world: World, household: Household) -> None:
    client = client_of(world, "district_b")
    for suffix in ("", "edit/", "reverify/", "exit/", "consent/", "assistance/"):
        assert client.get(f"/hardship/{household.pk}/{suffix}").status_code == 404
    assert household.applicant_name not in client.get("/hardship/").content.decode()


def test_a_viewer_reads_but_cannot_change(world: World, household: Household) -> None:
    client = client_of(world, "viewer")
    page = client.get(f"/hardship/{household.pk}/").content.decode()
    assert household.number in page and "/edit/" not in page
    assert client.get("/hardship/new/").status_code == 403
    assert client.post(f"/hardship/{household.pk}/edit/", {}).status_code == 403
    assert client.get("/hardship/").status_code == 200


def test_the_lists_filter_by_view_and_tier(world: World, household: Household) -> None:
    relocated = register(
        world,
        id_number=resident_id("320302", "19700101", 99),
        members=(),
        name="孙八",
        relocated=True,
        income=15_000,
        expenses=0,
    )
    client = client_of(world, "street")
    page = client.get("/hardship/?view=relocated").content.decode()
    assert "孙八" in page and "赵六" not in page
    page = client.get("/hardship/?tier=deep").content.decode()
    assert "赵六" in page and "孙八" not in page
    assert relocated.number in client.get(f"/hardship/?q={relocated.number}").content.decode()


def test_the_export_is_masked_and_audited(world: World, household: Household) -> None:
    response = client_of(world, "district").get("/hardship/export/?format=csv&status=applying")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert household.number in body and APPLICANT_ID not in body
    assert household.masked_id_number in body
    assert AuditEntry.objects.filter(action="hardship.export").get().detail["rows"] == 1


def test_the_assistance_form_records_a_payment_shown_on_the_file(
    world: World, active: Household
) -> None:
    client = client_of(world, "district")
    data = {
        "kind": "living",
        "amount": "1500",
        "paid_on": active.activated_on.isoformat(),
        "paid_by": world.a.federation.pk,
    }
    assert client.post(f"/hardship/{active.pk}/assistance/", data).status_code == 302
    page = client.get(f"/hardship/{active.pk}/").content.decode()
    assert "1500" in page and world.a.federation.name in page


def test_exit_and_consent_forms(world: World, active: Household) -> None:
    client = client_of(world, "grassroots")
    consent = {
        "consented_by": "赵六",
        "consented_on": active.activated_on.isoformat(),
        "scope": "医疗救助",
    }
    assert client.post(f"/hardship/{active.pk}/consent/", consent).status_code == 302
    exit_data = {"reason": "moved", "exited_on": active.activated_on.isoformat()}
    assert client.post(f"/hardship/{active.pk}/exit/", exit_data).status_code == 302
    active.refresh_from_db()
    assert active.status == Status.EXITED and active.consents.count() == 1


def test_workers_do_not_reach_the_cadres_pages(world: World, household: Household) -> None:
    from gonghui.accounts.models import Role, User

    worker = User.objects.create_user(username="w1", password="x", role=Role.WORKER)
    client = Client()
    client.force_login(worker)
    assert client.get("/hardship/").status_code == 403
    assert client.get(f"/hardship/{household.pk}/").status_code == 403
