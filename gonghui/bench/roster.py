"""The member roster the import benchmark reads: 1,000,000 new people for the bench city.

Written once, next to the bench databases (1,000,000 rows for the city; 20,000 for a quick
try on the small city), as a cadre's office would send it: a title row above
the header, a 序号 column and the employer's name beside its credit code;
`roster-1m.csv` in UTF-8 with a byte-order mark and CRLF line ends (as Excel saves "CSV UTF-8"),
dates as `2013/7/20` text; `roster-1m.xlsx` with the identifiers as text cells and the dates as
real Excel dates. `roster-100k.csv` holds the first 100,000 rows, for the peer and the profile.
A marker file records what was written; the files are written again when one is missing or
the bench city's covered employers are not the ones the roster names.

Nobody in the roster is already in the bench city, by construction: every ID number of the
demo city starts with the area code of one of Xuzhou's ten districts and holds a birth date in
1962–2004 (`demo/identifiers.py`). Here half the people are young locals born from 2005 on, the
other half come from the counties around Xuzhou (area codes outside 3203xx), any birth year.
No ID number repeats within the file. The benchmark checks the consequence: every row is new.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from random import Random

import xlsxwriter
from django.conf import settings
from django.utils import timezone

from gonghui.core.ids import id_check_character
from gonghui.demo.identifiers import LAST_BIRTH_DATE
from gonghui.demo.names import person_name, weighted_surnames
from gonghui.demo.places import DISTRICTS
from gonghui.employers.models import Employer

# (rows, rows of the slice) by bench scale: the small city takes a quick try.
SIZES = {"city": (1_000_000, 100_000), "small": (20_000, 2_000)}
SEED = 3  # not the city's: other names, other mobiles
VERSION = 1  # raise when the layout changes, so old files are written again
TITLE = "徐州市总工会会员花名册（批量入会，{today}）"
HEADER = ("序号", "姓名", "性别", "身份证号", "手机号码", "单位名称", "单位统一社会信用代码",
          "入会时间", "是否农民工")  # fmt: skip
# Counties around Xuzhou that send it workers (GB/T 2260): none starts with 3203.
OUTSIDE_AREAS = (
    "341302", "341321", "341322", "341323", "341324",  # 宿州: 埇桥 砀山 萧县 灵璧 泗县
    "370481", "371321", "371322", "371324",  # 枣庄 滕州, 临沂: 沂南 郯城 兰陵
    "411402", "411421", "411422", "411481",  # 商丘: 梁园 民权 睢县 永城
    "321302", "321311", "321322", "321324", "320707", "320722",  # 宿迁, 连云港 赣榆 东海
)  # fmt: skip
LOCAL_SHARE = 0.5
FIRST_OUTSIDE_BIRTH = dt.date(1966, 1, 1)
FIRST_LOCAL_BIRTH = LAST_BIRTH_DATE + dt.timedelta(days=1)  # after every demo ID's birth date
MIGRANT_CHANCE = {"local": 0.15, "outside": 0.7}
WITH_MOBILE = 0.98
EARLIEST_JOINING = dt.date(2000, 1, 1)
ADULT_YEARS = 18
PROGRESS_EVERY = 100_000


@dataclass(frozen=True)
class Roster:
    csv: Path
    xlsx: Path
    slice_csv: Path
    rows: int
    slice_rows: int


def roster_paths(scale: str) -> Roster:
    rows, slice_rows = SIZES[scale]
    folder = Path(settings.DATA_DIR) / "bench"
    return Roster(
        csv=folder / f"roster-{_short(rows)}.csv",
        xlsx=folder / f"roster-{_short(rows)}.xlsx",
        slice_csv=folder / f"roster-{_short(slice_rows)}.csv",
        rows=rows,
        slice_rows=slice_rows,
    )


def _short(rows: int) -> str:
    return f"{rows // 1_000_000}m" if rows % 1_000_000 == 0 else f"{rows // 1000}k"


def _marker_path(roster: Roster) -> Path:
    return roster.csv.with_suffix(".json")


@dataclass(frozen=True)
class CoveredEmployer:
    credit_code: str
    name: str
    headcount: int
    industry: str
    district: str


def covered_employers() -> list[CoveredEmployer]:
    """The bench city's employers that a union covers, in id order."""
    found = (
        Employer.objects.filter(union__isnull=False)
        .order_by("id")
        .values_list("credit_code", "name", "headcount", "industry", "area_id")
    )
    return [CoveredEmployer(code, name, count, industry, str(area)[:6])
            for code, name, count, industry, area in found]  # fmt: skip


def fingerprint(employers: list[CoveredEmployer]) -> str:
    digest = hashlib.sha256()
    for employer in employers:
        digest.update(employer.credit_code.encode())
    return digest.hexdigest()


def ensure_roster(*, scale: str, say: Callable[[str], None], rebuild: bool = False) -> Roster:
    """The roster files, written first when missing or made for another city."""
    roster = roster_paths(scale)
    employers = covered_employers()
    wanted = {"version": VERSION, "seed": SEED, "rows": roster.rows,
              "slice_rows": roster.slice_rows, "employers": fingerprint(employers)}  # fmt: skip
    marker_path = _marker_path(roster)
    marker = json.loads(marker_path.read_text()) if marker_path.exists() else {}
    present = all(path.exists() for path in (roster.csv, roster.xlsx, roster.slice_csv))
    if not rebuild and present and wanted.items() <= marker.items():
        say(f"reusing the roster written on {marker['built_on']} ({roster.csv.name}, "
            f"{roster.xlsx.name})")  # fmt: skip
        return roster
    say(f"writing the roster: {roster.rows:,} new people for {len(employers):,} covered "
        "employers")  # fmt: skip
    write_roster(roster, employers, today=timezone.localdate(), say=say)
    marker_path.write_text(json.dumps({
        **wanted,
        "built_on": dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "bytes": {path.name: path.stat().st_size
                  for path in (roster.csv, roster.xlsx, roster.slice_csv)},
    }, indent=2))  # fmt: skip
    return roster


class NewResidentIds:
    """Valid resident ID numbers (GB 11643) that the demo city never draws, none twice."""

    def __init__(self, rng: Random, *, today: dt.date) -> None:
        self._random = rng.random
        self._seen: set[str] = set()
        last = today.replace(year=today.year - ADULT_YEARS) - dt.timedelta(days=30)
        self._local = _births(FIRST_LOCAL_BIRTH, last)
        self._outside = _births(FIRST_OUTSIDE_BIRTH, last)

    def draw(self, area_code: str, *, local: bool, male: bool) -> tuple[str, dt.date]:
        births = self._local if local else self._outside
        while True:
            digits, birth = births[int(self._random() * len(births))]
            sequence = 2 * int(self._random() * 499) + (1 if male else 2)
            first17 = f"{area_code}{digits}{sequence:03d}"
            if first17 not in self._seen:
                self._seen.add(first17)
                return first17 + id_check_character(first17), birth


def _births(first: dt.date, last: dt.date) -> list[tuple[str, dt.date]]:
    days = (last - first).days + 1
    assert days > 0, "no adult is born in this range yet"
    births = (first + dt.timedelta(days=n) for n in range(days))
    return [(birth.strftime("%Y%m%d"), birth) for birth in births]


def _rows_per_employer(employers: list[CoveredEmployer], total: int) -> Iterator[int]:
    """`total` rows shared out by headcount, the rounding carried along so they add up."""
    headcount = sum(employer.headcount for employer in employers)
    given, running = 0, 0
    for employer in employers:
        running += employer.headcount
        upto = round(total * running / headcount)
        yield upto - given
        given = upto


def roster_rows(
    employers: list[CoveredEmployer], *, today: dt.date, rows: int, seed: int = SEED
) -> Iterator[tuple]:
    """(序号, name, gender label, ID, mobile, employer name, credit code, joined, migrant),
    grouped by employer in a shuffled order, as a city's compiled roster comes."""
    rng = Random(seed)
    random = rng.random
    ids = NewResidentIds(rng, today=today)
    surnames = weighted_surnames()
    districts = [district.code for district in DISTRICTS]
    order = list(zip(employers, _rows_per_employer(employers, rows), strict=True))
    rng.shuffle(order)
    earliest, last = EARLIEST_JOINING.toordinal(), today.toordinal() - 1
    number = 0
    for employer, count in order:
        for _ in range(count):
            number += 1
            male = random() < 0.55
            local = random() < LOCAL_SHARE
            if local:
                area = employer.district if random() < 0.7 else districts[int(random() * 10)]
            else:
                area = OUTSIDE_AREAS[int(random() * len(OUTSIDE_AREAS))]
            id_number, birth = ids.draw(area, local=local, male=male)
            adult = birth.replace(year=birth.year + ADULT_YEARS, day=min(birth.day, 28))
            first_day = max(earliest, adult.toordinal())
            joined = dt.date.fromordinal(first_day + int(random() * (last - first_day)))
            mobile = f"1{'3456789'[int(random() * 7)]}{int(random() * 1e9):09d}"
            if random() >= WITH_MOBILE:
                mobile = ""
            migrant = random() < MIGRANT_CHANCE["local" if local else "outside"]
            yield (
                number, person_name(rng, surnames, male=male), "男" if male else "女",
                id_number, mobile, employer.name, employer.credit_code, joined,
                "是" if migrant else "否",
            )  # fmt: skip


def write_roster(
    roster: Roster,
    employers: list[CoveredEmployer],
    *,
    today: dt.date,
    say: Callable[[str], None],
) -> None:
    """Both files and the slice in one pass over the rows."""
    roster.csv.parent.mkdir(parents=True, exist_ok=True)
    title = TITLE.format(today=f"{today.year}年{today.month}月")
    title_row = [title] + [""] * (len(HEADER) - 1)
    workbook = xlsxwriter.Workbook(str(roster.xlsx), {"constant_memory": True})
    sheet = workbook.add_worksheet("会员花名册")
    bold = workbook.add_format({"bold": True, "align": "center"})
    as_text = workbook.add_format({"num_format": "@"})
    as_date = workbook.add_format({"num_format": "yyyy/m/d"})
    for column, width, cell_format in (
        (1, 10, None),
        (3, 20, as_text),
        (4, 14, as_text),
        (5, 36, None),
        (6, 22, as_text),
        (7, 11, as_date),
    ):
        sheet.set_column(column, column, width, cell_format)  # fmt: skip
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, title, workbook.add_format(
        {"bold": True, "align": "center", "font_size": 14}))  # fmt: skip
    for column, heading in enumerate(HEADER):
        sheet.write_string(1, column, heading, bold)
    with (
        roster.csv.open("w", encoding="utf-8-sig", newline="") as full,
        roster.slice_csv.open("w", encoding="utf-8-sig", newline="") as part,
    ):
        full_writer, part_writer = csv.writer(full), csv.writer(part)
        for writer in (full_writer, part_writer):
            writer.writerow(title_row)
            writer.writerow(HEADER)
        for row in roster_rows(employers, today=today, rows=roster.rows):
            number, name, gender, id_number, mobile, employer, code, joined, migrant = row
            line = (number, name, gender, id_number, mobile, employer, code,
                    f"{joined.year}/{joined.month}/{joined.day}", migrant)  # fmt: skip
            full_writer.writerow(line)
            if number <= roster.slice_rows:
                part_writer.writerow(line)
            index = number + 1  # below the title and the header
            sheet.write_number(index, 0, number)
            sheet.write_string(index, 1, name)
            sheet.write_string(index, 2, gender)
            sheet.write_string(index, 3, id_number, as_text)
            if mobile:
                sheet.write_string(index, 4, mobile, as_text)
            sheet.write_string(index, 5, employer)
            sheet.write_string(index, 6, code, as_text)
            sheet.write_datetime(index, 7, joined, as_date)
            sheet.write_string(index, 8, migrant)
            if number % PROGRESS_EVERY == 0:
                say(f"  roster: {number:,} rows")
    say("  roster: closing the workbook")
    workbook.close()
