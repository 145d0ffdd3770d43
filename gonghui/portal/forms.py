from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.core import ids
from gonghui.portal.services import worker_username


class MobileField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return ids.normalize_mobile(super().to_python(value)) if value else ""


class CodeRequestForm(forms.Form):
    mobile = MobileField(label=_("Mobile number"), max_length=20)


class SignupForm(CodeRequestForm):
    code = forms.CharField(label=_("SMS code"), max_length=6, min_length=6)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class SignInForm(AuthenticationForm):
    """The sign-in form with the mobile as the username (the account's username is its hash)."""

    username = MobileField(label=_("Mobile number"), max_length=20)

    def clean(self) -> dict[str, Any]:
        mobile = self.cleaned_data.get("username")
        if mobile:
            self.cleaned_data["username"] = worker_username(mobile)
        return super().clean()


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("Full name (as on the ID card)"), max_length=60)
    id_number = forms.CharField(label=_("ID number"), max_length=18)


class EmployerCodeForm(forms.Form):
    credit_code = forms.CharField(label=_("Employer's unified social credit code"), max_length=20)

    def clean_credit_code(self) -> str:
        try:
            return ids.normalize_credit_code(self.cleaned_data["credit_code"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None
