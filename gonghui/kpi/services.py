"""Writes of the KPI app: work plans and their targets, and the kept tallies' snapshots."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.services import refuse, require_editor, require_visible
from gonghui.kpi import registry, store
from gonghui.kpi.models import NodeTally, Plan, TallySet, Target
from gonghui.orgs.models import Union

ARTICLE_PLAN = Path(__file__).parent / "plans" / "xuzhou.json"


def plan_save(
    *, actor: Any, org: Union, year: int, name: str, targets: dict[str, object], source: str = ""
) -> Plan:
    """Create or replace the plan of `org` for `year`: its name and its targets per metric.

    A target left out (or blank) is removed, so the one of a plan above applies again.
    """
    if actor is not None:
        require_editor(actor)
        require_visible(actor, org, "org")
    if not 2000 <= year <= 2100:
        refuse(_("The year must be between 2000 and 2100."), code="year", field="year")
    cleaned = {
        key: _target_value(key, value) for key, value in targets.items() if value not in ("", None)
    }
    with transaction.atomic():
        plan, created = Plan.objects.update_or_create(
            year=year, org=org, defaults={"name": name.strip(), "source": source.strip()}
        )
        if created:
            plan.created_by = actor
            plan.save(update_fields=["created_by"])
        before = dict(plan.targets.values_list("metric", "value"))
        plan.targets.all().delete()
        Target.objects.bulk_create(
            Target(plan=plan, metric=key, value=value) for key, value in cleaned.items()
        )
        audit.record(
            actor=actor,
            action="plan.create" if created else "plan.update",
            obj=plan,
            changes={
                "targets": [
                    {k: str(v) for k, v in before.items()},
                    {k: str(v) for k, v in cleaned.items()},
                ]
            },
        )
    return plan


def _target_value(key: str, value: object) -> Decimal:
    metric = registry.METRICS.get(key)
    if metric is None:
        refuse(_("There is no metric %(key)s.") % {"key": key}, code="metric", field=key)
    try:
        number = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        refuse(_("A target must be a number."), code="target", field=key)
    if not number.is_finite() or number < 0 or (metric.is_share and number > 100):
        message = (
            _("A share is between 0 and 100.")
            if metric.is_share
            else _("A target cannot be negative.")
        )
        refuse(message, code="target", field=key)
    return number.quantize(Decimal("0.1"))


def plan_load(*, actor: Any, org: Union, year: int, path: Path = ARTICLE_PLAN) -> Plan:
    """Load a plan file ({"name", "source", "targets": {metric: value}}) for `org` and `year`."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return plan_save(
        actor=actor,
        org=org,
        year=year,
        name=document["name"],
        source=document.get("source", ""),
        targets=document["targets"],
    )


def nightly_count() -> dt.date:
    """Count today afresh (the day's snapshot), make sure 1 January's start figures exist, and
    thin out old snapshots: federations keep every day, grassroots unions the first of each
    month (their trend lines are monthly)."""
    today = timezone.localdate()
    store.keep(today)
    start = dt.date(today.year, 1, 1)
    if not TallySet.objects.filter(day=start, keys=list(store.current_keys())).exists():
        store.keep(start)
    NodeTally.objects.filter(
        tally_set__day__lt=today, node__kind__in=Union.GRASSROOTS_KINDS
    ).exclude(tally_set__day__day=1).delete()
    return today


def keep_months(months: int, today: dt.date | None = None) -> list[dt.date]:
    """Snapshots of the first day of each of the last `months` months and of 1 January, counted
    from the records (their dates): trend lines for a new installation."""
    today = today or timezone.localdate()
    days = {dt.date(today.year, 1, 1)}
    year, month = today.year, today.month
    for _month in range(months):
        days.add(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    for day in sorted(days):
        if day < today:
            store.keep(day)
    return sorted(days)
