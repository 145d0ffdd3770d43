"""Form helpers shared by the domains."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from gonghui.core.forms import DateInput


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_date_input_gives_the_browser_an_iso_date_in_every_language(language: str) -> None:
    # <input type="date"> reads only YYYY-MM-DD; the Chinese locale's first input format is
    # YYYY/MM/DD, which the browser drops, so an edited form would lose its dates.
    with translation.override(language):
        html = DateInput().render("joined_on", dt.date(2015, 3, 1))
    assert 'value="2015-03-01"' in html
