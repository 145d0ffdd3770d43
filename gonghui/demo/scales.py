"""How big a demo city is: `small` for a laptop, `city` for a city of Xuzhou's size."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    employers: int
    members: int  # the target; the heavy-tailed headcounts land near it
    employers_per_joint_union: int  # how many small employers one 联合基层工会 covers
    max_headcount: int
    streets_per_district: int | None = None  # None: every town and street of the district
    # Months of KPI snapshots counted after loading, for the trend lines (each is a full count).
    snapshot_months: int = 12


SCALES = {
    "small": Scale(
        employers=2_000, members=50_000, employers_per_joint_union=6, max_headcount=3_000
    ),
    "city": Scale(
        employers=200_000,
        members=2_000_000,
        employers_per_joint_union=16,
        max_headcount=20_000,
        snapshot_months=0,
    ),
    # For tests: two streets per district keep every kind of union and employer in seconds.
    "tiny": Scale(
        employers=240,
        members=2_400,
        employers_per_joint_union=4,
        max_headcount=150,
        streets_per_district=2,
        snapshot_months=2,
    ),
}
