"""The hypothesis settings every fuzz test shares: few examples and a fixed seed by default, so
the suite stays quick and a failure repeats; `GONGHUI_FUZZ_EXAMPLES=5000` for a long, random
run (a found failure prints the example that reproduces it)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

ASCII_DIGITS = "0123456789"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"  # the same digits, typed with a Chinese input method
# What passes str.isdigit or \\d without being a digit a person typed here: Arabic-Indic,
# Devanagari and Bengali digits, superscripts and circled numbers.
LOOKALIKES = "٠١٢٣٤٥٦٧٨٩०१२३४५६७८९০১২৩৪৫৬৭৮৯²³¹①⑨"

LONG_RUN = int(os.environ.get("GONGHUI_FUZZ_EXAMPLES", "0") or 0)


def fuzz_examples(default: int) -> int:
    """How many examples a fuzz test tries: `default`, or the long run's number."""
    return LONG_RUN or default


FUZZ = settings(
    # Database tests are slow and uneven; a deadline would fail them for the machine's load.
    deadline=None,
    derandomize=not LONG_RUN,
    database=None,
    print_blob=True,
    # The test's fixtures (the test city) are made once for all examples, on purpose: every
    # example must leave them as they were, which the tests check.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
