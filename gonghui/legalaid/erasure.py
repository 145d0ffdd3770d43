"""Erasing a worker from legal aid: the notes of their bookings and their name on the disputes
opened for their account. Topics, dates, outcomes and amounts stay for the figures. A dispute
opened for a walk-in (no account) names the worker only in free text and is not found here."""

from __future__ import annotations

from gonghui.cases.erasure import scrub_name
from gonghui.cases.models import Case
from gonghui.core.personal import ErasedPerson, eraser
from gonghui.legalaid.models import Booking, Dispute
from gonghui.portal.erasure import ORDER as PORTAL_ORDER
from gonghui.portal.erasure import worker_of


@eraser(order=PORTAL_ORDER - 10)
def anonymise_legal_aid(person: ErasedPerson) -> int:
    worker = worker_of(person)
    if worker is None:
        return 0
    notes = Booking.objects.filter(worker=worker).exclude(note="").update(note="")
    disputes = Dispute.objects.filter(case__applicant=worker)
    for name in set(disputes.values_list("claimant_name", flat=True)):
        cases = Case.objects.filter(dispute__in=disputes.filter(claimant_name=name))
        scrub_name(cases, name, person.placeholder)
    named = disputes.update(claimant_name=person.placeholder)
    return notes + named
