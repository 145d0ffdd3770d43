"""The import engine: declared columns → parse → validate every row → one short write.

A domain declares what it imports in `<app>/importing.py`: an `Importer` subclass with its
columns (header and aliases, a cell parser each), a batch check that resolves references
against the database and decides create / update / unchanged per row, and a bulk write. The
engine never imports a domain.

A run reads the file once, streaming. Clean rows go to a spool on disk (not memory: a city's
roster is a million rows), bad rows to another. Only when the whole file is clean, and the run
is not a dry run, does the write begin: one transaction fed from the spool, so a failure or a
killed process leaves the database as it was.
"""

from __future__ import annotations

import pickle
import tempfile
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.bulk import write_cache
from gonghui.core.reading import Header, find_header, read_rows
from gonghui.core.scope import Scope
from gonghui.core.services import require_editor
from gonghui.imports import cells

BATCH_ROWS = 2000
ACTIONS = ("create", "update", "unchanged")
WRITTEN_ACTIONS = ("create", "update")

Progress = Callable[[str, int], None]


def throttled(report: Progress, seconds: float = 1.0) -> Progress:
    """`report` for every phase change, but for "checking" at most once per `seconds`."""
    last = 0.0

    def progress(phase: str, rows: int) -> None:
        nonlocal last
        now = time.monotonic()
        if phase == "checking" and now - last < seconds:
            return
        last = now
        report(phase, rows)

    return progress


@dataclass(frozen=True)
class Column:
    """One column a domain reads: `key` names the value, `header` is the template's heading
    (translatable); the file may use the header in any language or any alias."""

    key: str
    header: Promise
    parse: Callable[[Any], Any] = cells.text
    aliases: tuple[str, ...] = ()
    # The file must have this column (its parser decides whether a cell may be blank). A blank
    # cell of an optional column is not parsed: the importer's default or the stored value stands.
    required: bool = True
    choices: tuple[Promise, ...] = ()  # the template's drop-down
    example: Any = ""
    text_format: bool = False  # the template formats the column as text (identifiers)
    # Personal data: how the cell is shown to a user who may not unmask (e.g. mask_id_number).
    mask: Callable[[str], str] | None = None

    def titles(self) -> list[str]:
        """Every heading that names this column: the header in each language, then aliases."""
        names = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names.append(str(self.header))
        return [*names, *self.aliases]


@dataclass(frozen=True)
class RowError:
    """One reason a row cannot be imported: where (行号, 列), what was read (值), why (错误)."""

    row: int
    column: str
    value: str
    message: str


@dataclass(slots=True)
class Row:
    """One data row of the file on its way through the engine."""

    number: int  # as Excel shows it: 1-based, counting title and header rows
    cells: list[Any]  # the row as read, for the report
    titles: dict[str, str]  # each column's heading in this file, to name it in a problem
    values: dict[str, Any] = field(default_factory=dict)  # parsed values of good cells
    raw: dict[str, Any] = field(default_factory=dict)  # each declared column's cell as read
    errors: list[RowError] = field(default_factory=list)
    action: str = ""
    record: Any = None

    def fail(self, key: str, message: str) -> None:
        """Record a problem with the cell of column `key`."""
        column = self.titles[key]
        self.errors.append(RowError(self.number, column, cells.text(self.raw.get(key)), message))

    def has(self, *keys: str) -> bool:
        return all(key in self.values for key in keys)


class Importer:
    """What a domain imports. Subclasses set the class attributes and implement `check` and
    `write`; an instance lives for one run, for one actor acting in one scope."""

    name: ClassVar[str]
    label: ClassVar[Promise]
    columns: ClassVar[tuple[Column, ...]]
    # The column whose duplicates inside one file are errors, and the message's noun.
    unique_column: ClassVar[str]

    def __init__(self, *, actor: Any, scope: Scope) -> None:
        self.actor = actor
        self.scope = scope

    def unique_key(self, row: Row) -> Hashable | None:
        """The value that must not repeat in the file (None while it did not parse)."""
        return row.values.get(self.unique_column)

    def check(self, rows: list[Row]) -> None:
        """Resolve references and existing records for a batch of parsed rows: set each row's
        `action` (and `record` for create and update), or call `row.fail`. Rows that already
        failed come too, so that every problem of a row is reported at once; use `row.has`
        before reading a value. Reads only; writes nothing."""
        raise NotImplementedError

    def write(self, records: dict[str, Iterator[Any]]) -> None:
        """Write the records of "create" and of "update", inside the engine's transaction."""
        raise NotImplementedError


REGISTRY: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    """Class decorator for a domain's importer, in `<app>/importing.py`."""
    REGISTRY[importer.name] = importer
    return importer


class Spool:
    """Items pickled to an anonymous temporary file in batches, read back in order, once."""

    def __init__(self) -> None:
        settings.IMPORTS_DIR.mkdir(parents=True, exist_ok=True)
        self.file: IO[bytes] = tempfile.TemporaryFile(dir=settings.IMPORTS_DIR)  # noqa: SIM115
        self.count = 0

    def add(self, items: list[Any]) -> None:
        if items:
            pickle.dump(items, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += len(items)

    def __iter__(self) -> Iterator[Any]:
        self.file.seek(0)
        while True:
            try:
                yield from pickle.load(self.file)  # noqa: S301 - our own file, written above
            except EOFError:
                return

    def close(self) -> None:
        self.file.close()


@dataclass
class Outcome:
    """What a run found and did. `written` is False for a dry run and for a file with errors."""

    kind: str
    filename: str
    header: list[Any] = field(default_factory=list)
    rows: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    bad_rows: int = 0
    written: bool = False
    dry_run: bool = False
    # A problem with the file as a whole (not a spreadsheet, no header row): nothing was read.
    file_error: str = ""
    bad: Spool | None = None  # (Row number, cells, errors) of each bad row, for the report
    # Personal-data masks by the file's column heading and by position.
    masks: dict[str, Callable[[str], str]] = field(default_factory=dict)
    mask_positions: dict[int, Callable[[str], str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.bad_rows

    def bad_row_list(
        self, *, unmasked: bool = True
    ) -> Iterator[tuple[int, list[Any], list[RowError]]]:
        """Each bad row: its number, its cells and its problems; personal data masked unless
        `unmasked`."""
        for number, cells_read, errors in self.bad if self.bad is not None else ():
            if unmasked:
                yield number, cells_read, errors
                continue
            shown = [self._masked(self.mask_positions.get(index), cell)
                     for index, cell in enumerate(cells_read)]  # fmt: skip
            yield number, shown, [self._masked_error(error) for error in errors]

    def _masked_error(self, error: RowError) -> RowError:
        mask = self.masks.get(error.column)
        if mask is None or not error.value:
            return error
        shown = mask(error.value)
        # The message may quote the value too (core/ids.py does), as typed or normalised.
        message = error.message.replace(error.value, shown)
        message = message.replace("".join(error.value.split()).upper(), shown)
        return replace(error, value=shown, message=message)

    @staticmethod
    def _masked(mask: Callable[[str], str] | None, cell: Any) -> Any:
        return mask(cells.text(cell)) if mask else cell

    def close(self) -> None:
        if self.bad is not None:
            self.bad.close()


def run_import(
    importer: Importer,
    stream: IO[bytes],
    filename: str,
    *,
    dry_run: bool,
    on_progress: Progress | None = None,
) -> Outcome:
    """Validate every row of the file; write them all in one transaction, or none.

    Call `close()` on the outcome when its report has been read.
    """
    outcome = Outcome(kind=importer.name, filename=filename, dry_run=dry_run, bad=Spool())
    try:
        if importer.actor is not None:
            require_editor(importer.actor)
        rows = read_rows(stream, filename)
        titles = {column.key: column.titles() for column in importer.columns}
        required = [column.key for column in importer.columns if column.required]
        header, data = find_header(rows, titles, required)
    except ValidationError as error:
        outcome.file_error = " ".join(error.messages)
        return outcome
    outcome.header = [cells.text(cell) for cell in header.cells]
    for column in importer.columns:
        position = header.columns.get(column.key)
        if column.mask is not None and position is not None:
            outcome.mask_positions[position] = column.mask
            outcome.masks[outcome.header[position]] = column.mask
    run = _Run(importer, header, outcome, on_progress or (lambda _phase, _rows: None))
    try:
        try:
            run.validate(data)
        except ValidationError as error:  # the reader failed mid-file (a broken encoding)
            outcome.file_error = " ".join(error.messages)
        if outcome.ok and not dry_run:
            run.write()
        return outcome
    finally:
        run.close()


class _Run:
    """One pass over a file's data rows, then (when every row is good) the write."""

    def __init__(
        self, importer: Importer, header: Header, outcome: Outcome, progress: Progress
    ) -> None:
        self.importer, self.outcome, self.progress = importer, outcome, progress
        self.first_row = header.row_index + 2  # the header's Excel row number, plus one
        self.positions = [
            (column, position)
            for column in importer.columns
            if (position := header.columns.get(column.key)) is not None
        ]
        # Problems name a column as the file heads it, or by its header when the file lacks it.
        self.titles = {column.key: str(column.header) for column in importer.columns}
        self.titles |= {column.key: cells.text(header.cells[position])
                        for column, position in self.positions}  # fmt: skip
        self.seen: dict[Hashable, int] = {}
        self.good = {action: Spool() for action in WRITTEN_ACTIONS}

    def validate(self, data: Iterator[list[Any]]) -> None:
        batch: list[Row] = []
        for number, cells_read in enumerate(data, start=self.first_row):
            row = self._parse(number, cells_read)
            if row is None:
                continue
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                self._check(batch)
                self.progress("checking", self.outcome.rows)
                batch = []
        self._check(batch)
        self.progress("checked", self.outcome.rows)

    def _parse(self, number: int, cells_read: list[Any]) -> Row | None:
        """Parse each declared cell; None for a row whose declared cells are all empty."""
        row = Row(number=number, cells=list(cells_read), titles=self.titles)
        for column, position in self.positions:
            row.raw[column.key] = cells_read[position] if position < len(cells_read) else ""
        if all(map(cells.is_blank, row.raw.values())):
            return None
        for column, _position in self.positions:
            if not column.required and cells.is_blank(row.raw[column.key]):
                continue  # a blank optional cell: the default, or what is stored, stands
            try:
                row.values[column.key] = column.parse(row.raw[column.key])
            except ValidationError as error:
                row.fail(column.key, " ".join(error.messages))
        return row

    def _check(self, batch: list[Row]) -> None:
        outcome = self.outcome
        for row in batch:
            key = self.importer.unique_key(row)
            if key is not None and (first := self.seen.setdefault(key, row.number)) != row.number:
                row.fail(self.importer.unique_column,
                         _("Repeats row %(row)d of this file.") % {"row": first})  # fmt: skip
        self.importer.check(batch)
        records: dict[str, list[Any]] = {action: [] for action in WRITTEN_ACTIONS}
        bad = []
        for row in batch:
            if row.errors:
                bad.append((row.number, row.cells, row.errors))
                continue
            outcome.counts[row.action] += 1
            if row.action in records:
                records[row.action].append(row.record)
        outcome.rows += len(batch)
        outcome.bad_rows += len(bad)
        assert outcome.bad is not None
        outcome.bad.add(bad)
        for action, items in records.items():
            self.good[action].add(items)

    def write(self) -> None:
        importer, outcome = self.importer, self.outcome
        self.progress("writing", outcome.rows)
        try:
            with write_cache(settings.GONGHUI_IMPORT_CACHE_MB), transaction.atomic():
                importer.write({action: iter(spool) for action, spool in self.good.items()})
                audit.record(
                    actor=importer.actor,
                    action=f"{importer.name}.import",
                    file=outcome.filename,
                    rows=outcome.rows,
                    **outcome.counts,
                )
        except IntegrityError:
            # The unique indexes caught a record another cadre wrote since the check.
            outcome.file_error = _(
                "The registry changed while the file was being checked, so nothing was "
                "written. Import the file again."
            )
            return
        outcome.written = True

    def close(self) -> None:
        for spool in self.good.values():
            spool.close()
