"""The service platform's demo records: what the demo accounts find after a load, the figures
they make, and the rules of each domain the rows keep."""

from __future__ import annotations

import datetime as dt
import io
import json
from html import escape

import pytest
from django.core.management import call_command
from django.db.models import Count, Model
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import Role, User
from gonghui.cases.models import Case, CaseEvent
from gonghui.cases.workflow import workflow_of
from gonghui.demo.generator import DemoResult
from gonghui.demo.services import Place, demo_places
from gonghui.demo.tests.conftest import PASSWORD, load_tiny_city
from gonghui.hardship.models import (
    OPEN_STATUSES,
    Assistance,
    Household,
    HouseholdMember,
    HouseholdPerson,
    Kind,
    MedicalConsent,
    Status,
)
from gonghui.hardship.tiers import assess
from gonghui.legalaid.models import (
    Booking,
    Consultation,
    Dispute,
    DutySlot,
    Handoff,
    Lawyer,
    Post,
    StageOutcome,
)
from gonghui.legalaid.selectors import clock_warnings
from gonghui.members.models import Member
from gonghui.members.models import Status as MemberStatus
from gonghui.portal.demodata import APPROVED, WAITING
from gonghui.portal.models import WorkerProfile
from gonghui.portal.services import worker_username
from gonghui.relocation.models import RelocatedWorker, ServiceRecord

WAITING_AT_GRASSROOTS = ("submitted", "grassroots", "returned")
ACTIVE_FILES_PER_PLACE = 3  # helped, never helped, unchanged for a year
SERVICE_MODELS: tuple[type[Model], ...] = (
    WorkerProfile, Case, CaseEvent, Household, HouseholdMember, HouseholdPerson, Assistance,
    MedicalConsent, Post, Lawyer, DutySlot, Booking, Consultation, Dispute, Handoff,
    StageOutcome, RelocatedWorker, ServiceRecord,
)  # fmt: skip


@pytest.fixture
def city(db: None) -> DemoResult:
    """The tiny city loaded as of today, so the pages' "today" is the data's."""
    return load_tiny_city(today=timezone.localdate())


@pytest.fixture
def places(city: DemoResult) -> list[Place]:
    return demo_places()


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def city_figures() -> dict[str, dict]:
    output = io.StringIO()
    call_command("kpi", "--json", stdout=output)
    rows = json.loads(output.getvalue())["rows"]
    return {row["metric"]: row for row in rows if row["org"] == "320300"}


def test_a_grassroots_cadre_finds_applications_transfers_and_files_waiting(
    places: list[Place],
) -> None:
    place = places[0]
    client = signed_in(f"g{place.grassroots}")
    # Waiting for this union's cadres: applications, transfers, files at (or back at) grassroots.
    waiting = Case.objects.filter(union_id=place.grassroots, state__in=WAITING_AT_GRASSROOTS)
    overdue = waiting.filter(due_at__lt=timezone.now(), type="membership")

    work, late = page(client, "/cases/"), page(client, "/cases/overdue/")

    assert {"membership", "transfer", "hardship"} <= set(waiting.values_list("type", flat=True))
    assert all(escape(title) in work for title in waiting.values_list("title", flat=True))
    assert overdue.count() == 1
    assert escape(overdue.get().title) in late


def test_a_district_cadre_sees_files_waiting_for_the_district_and_the_audit_lists(
    places: list[Place],
) -> None:
    place = places[0]
    client = signed_in(f"d{place.district_code}")
    at_district = Household.objects.filter(union_id=place.grassroots, case__state="district")
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    stale = Household.objects.filter(union_id=place.grassroots, status=Status.ACTIVE,
                                     activated_on__lt=year_ago, reverified_on=None)  # fmt: skip
    never_helped = Household.objects.filter(union_id=place.grassroots, status=Status.ACTIVE,
                                            assistance=None)  # fmt: skip

    work = page(client, "/cases/")

    assert at_district.count() == 1
    assert escape(at_district.get().case.title) in work
    assert stale.get().number in page(client, "/hardship/?view=stale")
    assert never_helped.get().number in page(client, "/hardship/?view=never_helped")
    assert page(client, f"/hardship/{at_district.get().pk}/")


def test_a_worker_signs_in_with_the_demo_password_and_sees_the_applications(
    city: DemoResult,
) -> None:
    profile = WorkerProfile.objects.filter(user__cases_applied__type="membership").first()
    client = Client()

    assert client.login(username=worker_username(profile.mobile), password=PASSWORD)
    my = page(client, "/portal/my/")
    assert all(escape(case.title) in my for case in profile.user.cases_applied.all())


def test_the_warning_list_holds_the_two_disputes_near_their_time_limit(city: DemoResult) -> None:
    warned = list(clock_warnings(user=User.objects.get(username="city")))

    listed = page(signed_in("city"), "/legal/disputes/time-limits/")

    assert len(warned) == 2
    assert all(0 < dispute.clock_today.days_left <= 60 for dispute in warned)
    assert all(escape(dispute.claimant_name) in listed for dispute in warned)


def test_the_posts_have_lawyers_on_duty_and_bookings_past_and_to_come(city: DemoResult) -> None:
    today = timezone.localdate()
    posts = Post.objects.annotate(on_duty=Count("lawyers", distinct=True),
                                  weekly=Count("slots", distinct=True))  # fmt: skip
    attended = Booking.objects.filter(status=Booking.Status.ATTENDED)

    assert all(1 <= post.on_duty <= 3 and post.weekly >= post.on_duty for post in posts)
    assert posts.filter(closed_on__lte=today).count() == 2
    assert attended.filter(on__lte=today, consultation__isnull=False).count() == attended.count()
    assert Booking.objects.filter(status=Booking.Status.BOOKED, on__gt=today).exists()


def test_the_disputes_show_their_hand_offs_and_outcomes(places: list[Place]) -> None:
    client = signed_in(f"d{places[0].district_code}")
    disputes = Dispute.objects.filter(union_id=places[0].district)
    in_court = disputes.get(case__state="litigation")

    shown = page(client, f"/legal/disputes/{in_court.pk}/")

    assert set(disputes.values_list("case__state", flat=True)) >= {
        "mediation", "arbitration", "litigation", "closed",
    }  # fmt: skip
    assert [h.body for h in in_court.handoffs.all()] == [
        "徐州市劳动人事争议仲裁委员会",
        "徐州市鼓楼区人民法院",
    ]
    assert all(h.reference in shown for h in in_court.handoffs.all())
    assert in_court.outcomes.count() == 2


def test_the_relocation_register_lists_the_coal_districts_workers(places: list[Place]) -> None:
    jiawang = next(place for place in places if place.district_code == "320305")
    newest = RelocatedWorker.objects.filter(union_id=jiawang.street).latest("pk")

    listed = page(signed_in(f"d{jiawang.district_code}"), "/relocation/")

    assert newest.name in listed
    assert newest.industry == "coal"
    assert page(signed_in(f"d{jiawang.district_code}"), f"/relocation/{newest.pk}/")


def test_the_figures_count_the_demo_records(places: list[Place]) -> None:
    figures = city_figures()

    assert figures["legal_aid_posts"]["numerator"] == 14
    assert figures["hardship_households"]["numerator"] == ACTIVE_FILES_PER_PLACE * len(places)
    applications = figures["membership_applications"]
    assert applications["numerator"] == (APPROVED + WAITING) * len(places)
    assert applications["details"]["approved"]["numerator"] == APPROVED * len(places)
    assert applications["details"]["waiting"]["numerator"] == WAITING * len(places)
    coverage = figures["transfer_worker_coverage"]
    assert coverage["denominator"] == RelocatedWorker.objects.count() >= 200
    assert 85 < coverage["value"] < 100


def test_every_case_reached_its_state_through_its_workflow_s_steps(city: DemoResult) -> None:
    for case in Case.objects.prefetch_related("events"):
        workflow, state = workflow_of(case.type), workflow_of(case.type).initial.key
        for event in case.events.all():
            if event.kind == "transition":
                step = workflow.transition(event.transition)
                assert state in step.sources and event.from_state == state
                state = step.target
        assert state == case.state
        assert (case.closed_at is not None) == workflow.state(state).final


def test_an_approved_application_names_the_member_it_made(city: DemoResult) -> None:
    for case in Case.objects.filter(type="membership").select_related("applicant__worker_profile"):
        profile = case.applicant.worker_profile
        member = Member.objects.filter(id_blind=profile.id_blind).first()
        if case.state == "approved":
            assert member.pk == case.data["member"]
            assert member.status == MemberStatus.ACTIVE
            assert member.employer_id == case.data["employer"]
            assert member.joined_on == timezone.localdate(case.closed_at)
        else:
            assert member is None


def test_no_person_is_in_two_open_hardship_files(city: DemoResult) -> None:
    persons = HouseholdPerson.objects.select_related("household")
    twice = persons.values("id_blind").annotate(files=Count("household")).filter(files__gt=1)

    assert not twice.exists()
    assert all(p.open == (p.household.status in OPEN_STATUSES) for p in persons)
    assert set(Household.objects.values_list("status", flat=True)) == set(Status.values)


def test_the_files_tiers_and_aid_follow_the_hardship_rules(city: DemoResult) -> None:
    for household in Household.objects.all():
        tier = assess(income=household.income, expenses=household.expenses,
                      size=household.size, cause=household.cause).tier  # fmt: skip
        assert household.tier == tier
        assert household.size == household.members.count() + 1
    medical = Assistance.objects.filter(kind=Kind.MEDICAL)
    assert medical.exists()
    assert all(aid.consent.household_id == aid.household_id for aid in medical)
    assert not Assistance.objects.exclude(kind=Kind.MEDICAL).exclude(consent=None).exists()
    assert Assistance.objects.filter(kind=Kind.STUDENT).exclude(school="").exists()
    assert Household.objects.filter(relocated=True).exists()


def test_a_relocated_worker_was_first_served_on_the_earliest_service(city: DemoResult) -> None:
    for worker in RelocatedWorker.objects.prefetch_related("services"):
        dates = [service.served_on for service in worker.services.all()]
        assert worker.first_served_on == min(dates, default=None)
        reemployed = any(s.kind == "reemployed" for s in worker.services.all())
        assert (worker.status == "reemployed") == reemployed


def fingerprint() -> list[list[tuple]]:
    """Every service table's rows, ciphertexts left out (each encryption draws a new nonce) and
    users named by username (the demo accounts' ids move on at each load)."""
    username = dict(User.objects.values_list("pk", "username"))
    tables = []
    for model in SERVICE_MODELS:
        fields = [f for f in model._meta.concrete_fields if f.get_internal_type() != "BinaryField"]
        of_users = [f.related_model is User for f in fields]
        rows = model.objects.order_by("pk").values_list(*(f.attname for f in fields))
        tables.append([
            tuple(username.get(value) if user else value
                  for value, user in zip(row, of_users, strict=True))
            for row in rows
        ])  # fmt: skip
    workers = User.objects.filter(role=Role.WORKER).order_by("pk")
    return [*tables, list(workers.values_list("username", "first_name", "date_joined"))]


def test_the_same_seed_gives_the_same_records(city: DemoResult) -> None:
    first = fingerprint()

    load_tiny_city(reset=True, today=timezone.localdate())

    assert fingerprint() == first
    assert all(first)
