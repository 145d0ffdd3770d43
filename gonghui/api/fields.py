"""Serializer fields for choosing records by id, within the requester's scope."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers

from gonghui.core.scope import visible_to


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """The id of a `model` row the requester may see; outside the scope it reads as missing
    (DRF's "object does not exist"), so a write cannot even probe for another subtree's ids."""

    def __init__(self, model: type[models.Model], **kwargs: Any) -> None:
        self.model = model
        # The model's (empty) queryset tells the schema the id's type; rows come per request.
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self) -> models.QuerySet:
        return visible_to(self.model, self.context["request"].user)
