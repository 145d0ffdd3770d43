"""Change marks: a saved or deleted record marks the node whose figures it moves, so that the
next read of today's tallies recounts that node only (store.refresh)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from gonghui.core.bulk import rows_written
from gonghui.kpi import registry
from gonghui.kpi.models import ChangeMark
from gonghui.orgs.models import Union


def connect() -> None:
    """Listen to every model a registered metric counts or watches (called once at start)."""
    for source in registry.sources():
        if source.model is not Union:
            post_save.connect(_source_saved, sender=source.model, weak=False)
            post_delete.connect(_source_saved, sender=source.model, weak=False)
            pre_save.connect(_remember_home, sender=source.model, weak=False)
    for model in registry.WATCHED:
        post_save.connect(_watched_saved, sender=model, weak=False)
        post_delete.connect(_watched_saved, sender=model, weak=False)
    # A change to the tree itself moves every total above it: count everything again.
    post_save.connect(_everything_changed, sender=Union, weak=False)
    post_delete.connect(_everything_changed, sender=Union, weak=False)
    rows_written.connect(_bulk_written, weak=False)


def mark_everything() -> None:
    ChangeMark.objects.create(node_id=None, area_code="")


def _mark(homes: set[registry.Home]) -> None:
    ChangeMark.objects.bulk_create(
        ChangeMark(node_id=node, area_code=area or "") for node, area in homes
    )


def _source_of(model: type[models.Model]) -> registry.Source:
    return next(source for source in registry.sources() if source.model is model)


def _home(source: registry.Source, values: tuple[Any, Any]) -> registry.Home:
    union_id, area = values
    return (union_id, "") if union_id is not None else (None, area or "")


def _home_values(source: registry.Source, record: models.Model) -> tuple[Any, Any]:
    opts = record._meta
    union_id = getattr(record, opts.get_field(source.union_field).attname)
    area = getattr(record, opts.get_field(source.area_field).attname) if source.area_field else ""
    return union_id, area


def _remember_home(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Before a change, note where the record's figures were (a transfer moves them)."""
    if instance.pk is None or kwargs.get("raw"):
        return
    source = _source_of(sender)
    fields = [source.union_field] + ([source.area_field] if source.area_field else [])
    before = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
    if before is not None:
        instance._kpi_home_before = _home(source, (before[0], before[1] if len(before) > 1 else ""))


def _source_saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    source = _source_of(sender)
    homes = {_home(source, _home_values(source, instance))}
    before = getattr(instance, "_kpi_home_before", None)
    if before is not None:
        homes.add(before)
    _mark(homes)


def _watched_saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _mark(set(registry.WATCHED[sender](instance)))


def _everything_changed(**kwargs: Any) -> None:
    mark_everything()


def _bulk_written(sender: type[models.Model], **kwargs: Any) -> None:
    counted = {source.model for source in registry.sources()} | set(registry.WATCHED)
    if sender in counted:
        mark_everything()
