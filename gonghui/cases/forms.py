from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.cases.uploads import ACCEPTED


class TransitionForm(forms.Form):
    transition = forms.CharField(max_length=40, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence"),
        help_text=_("A PDF, JPEG, PNG or xlsx file."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )


class ReadForm(forms.Form):
    notification = forms.IntegerField(widget=forms.HiddenInput)
