from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.imports.engine import REGISTRY

DEFAULT_KIND = "members"  # what cadres import most: rosters


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file in UTF-8 or GBK."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only, write nothing"),
        required=False,
        help_text=_("A file is imported whole or not at all: a file with errors writes nothing."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(name, kind.label) for name, kind in REGISTRY.items()]
        self.fields["kind"].initial = DEFAULT_KIND
