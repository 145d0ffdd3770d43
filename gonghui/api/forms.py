"""The form a cadre issues a token with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.api.models import ApiToken
from gonghui.api.selectors import token_nodes
from gonghui.api.services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Partner agency"),
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 市人社局")}),
    )
    union = forms.ModelChoiceField(
        label=_("Data of this union's subtree"), queryset=None, empty_label=None
    )
    access = forms.ChoiceField(
        label=_("Access"), choices=ApiToken.Access.choices, initial=ApiToken.Access.READ
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = token_nodes(user=user)
