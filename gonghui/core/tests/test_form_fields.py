"""Against mass assignment: every ModelForm and every DRF ModelSerializer of the project names
its fields one by one. `fields = "__all__"` or `exclude` would let a new model field (a status,
a union, a flag) be posted by anyone who can post the form."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from django import forms
from rest_framework import serializers

import gonghui
from gonghui.members.models import Member

# Modules that define forms and serializers (imported first, so every class is known).
FORM_MODULES = ("forms", "serializers", "views", "endpoints", "kpi", "filters")


def _import_project_forms() -> None:
    for module in pkgutil.walk_packages(gonghui.__path__, "gonghui."):
        if module.name.rpartition(".")[2] in FORM_MODULES and ".tests." not in module.name:
            importlib.import_module(module.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def model_forms(*, project_only: bool = True) -> list[type]:
    """Every ModelForm and ModelSerializer class (of the project's own modules)."""
    _import_project_forms()
    classes = [*_subclasses(forms.ModelForm), *_subclasses(serializers.ModelSerializer)]
    if project_only:
        classes = [cls for cls in classes if _is_project(cls.__module__)]
    return classes


def _is_project(module: str) -> bool:
    return module.startswith("gonghui.") and ".tests." not in module


def open_field_lists(classes: list[type]) -> list[str]:
    """Each class whose Meta says `fields = "__all__"` or `exclude`."""
    found = []
    for cls in classes:
        meta = getattr(cls, "Meta", None)
        if getattr(meta, "fields", None) == "__all__" or getattr(meta, "exclude", None):
            found.append(f"{cls.__module__}.{cls.__qualname__}")
    return found


def test_every_model_form_and_serializer_names_its_fields() -> None:
    classes = model_forms()
    assert classes, "the walk found no form: are the modules still named forms.py…?"
    assert open_field_lists(classes) == []


def test_it_catches_a_form_with_every_field() -> None:
    class EveryField(forms.ModelForm):
        class Meta:
            model = Member
            fields = "__all__"  # noqa: DJ007 - the mistake this test must catch

    class AllBut(serializers.ModelSerializer):
        class Meta:
            model = Member
            exclude = ("id_cipher",)

    found = open_field_lists(model_forms(project_only=False))
    assert any(name.endswith("EveryField") for name in found)
    assert any(name.endswith("AllBut") for name in found)
