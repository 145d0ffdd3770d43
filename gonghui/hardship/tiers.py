"""The hardship tier of a household (困难职工 档次), from its figures and the city's thresholds.

深度困难 when (income − rigid expenses) ÷ 12 ÷ household size < 低保; 相对困难 when < 2 × 低保;
意外致困 when the hardship comes from an accident, a disaster or a serious illness and the year's
rigid expenses exceed the accident share (80 %) of the income. Otherwise not eligible.
Compared in whole numbers (no division), so a boundary is exactly where the rule says.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.hardship import conf


class Tier(models.TextChoices):
    DEEP = "deep", _("Deep hardship (深度困难)")
    RELATIVE = "relative", _("Relative hardship (相对困难)")
    ACCIDENT = "accident", _("Hardship from an accident (意外致困)")


class Cause(models.TextChoices):
    ILLNESS = "illness", _("Serious illness")
    DISABILITY = "disability", _("Disability")
    ACCIDENT = "accident", _("Accident")
    DISASTER = "disaster", _("Natural disaster")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    EDUCATION = "education", _("Education costs")
    OTHER = "other", _("Other")


# Causes after which a year's heavy costs make a household 意外致困.
SUDDEN_CAUSES = (Cause.ACCIDENT, Cause.DISASTER, Cause.ILLNESS)


@dataclass(frozen=True)
class Assessment:
    """The figures that decide a tier, and the tier they give (None: not eligible)."""

    income: int  # yearly household income, whole yuan
    expenses: int  # yearly rigid expenses (medical, education…), whole yuan
    size: int  # people in the household, the applicant included
    cause: str
    minimum_living: int  # 低保, yuan per person per month
    accident_share: Decimal
    tier: str | None

    @property
    def monthly_per_person(self) -> Decimal:
        """(income − rigid expenses) ÷ 12 ÷ size, to the fen (shown; never compared)."""
        value = Decimal(self.income - self.expenses) / 12 / self.size
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def relative_line(self) -> int:
        return 2 * self.minimum_living

    @property
    def expense_share(self) -> Decimal | None:
        """Rigid expenses as a share of income (None when there is no income)."""
        if not self.income:
            return None
        return (Decimal(self.expenses) / self.income).quantize(Decimal("0.001"))

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label) if self.tier else ""


def assess(
    *,
    income: int,
    expenses: int,
    size: int,
    cause: str,
    minimum_living: int | None = None,
    accident_share: Decimal | None = None,
) -> Assessment:
    """The tier for these figures under the given (else the configured) thresholds."""
    if size < 1 or income < 0 or expenses < 0:
        raise ValueError("a household has at least one person and no negative figures")
    line = conf.minimum_living() if minimum_living is None else minimum_living
    share = conf.accident_share() if accident_share is None else accident_share
    yearly_net = income - expenses
    # net ÷ 12 ÷ size < line  ⇔  net < line × 12 × size (size > 0): no rounding at the boundary.
    if yearly_net < line * 12 * size:
        tier: str | None = Tier.DEEP.value
    elif yearly_net < 2 * line * 12 * size:
        tier = Tier.RELATIVE.value
    elif cause in SUDDEN_CAUSES and expenses > share * income:
        tier = Tier.ACCIDENT.value
    else:
        tier = None
    return Assessment(income, expenses, size, cause, line, share, tier)


def describe(assessment: Assessment) -> str:
    """The figures behind a tier, in one line (for refusals and the case's notes)."""
    return gettext(
        "income %(income)s yuan, rigid expenses %(expenses)s yuan, %(size)s people: "
        "%(monthly)s yuan a person a month against a minimum living standard of %(line)s"
    ) % {
        "income": assessment.income,
        "expenses": assessment.expenses,
        "size": assessment.size,
        "monthly": assessment.monthly_per_person,
        "line": assessment.minimum_living,
    }
