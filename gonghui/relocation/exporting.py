"""The register as a spreadsheet: personal data always masked."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.core.exporting import Column

COLUMNS = [
    Column(_("Full name"), lambda w: w.name),
    Column(_("ID number"), lambda w: w.masked_id_number),
    Column(_("Mobile"), lambda w: w.masked_mobile),
    Column(_("Industry"), lambda w: w.get_industry_display()),
    Column(_("Former employer"), lambda w: w.employer_name),
    Column(_("Responsible union"), lambda w: w.union.name),
    Column(_("Relocated on"), lambda w: w.relocated_on),
    Column(_("First served on"), lambda w: w.first_served_on or ""),
    Column(_("Status"), lambda w: w.get_status_display()),
]
