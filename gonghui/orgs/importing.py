"""The union import (工会组织导入): one row per union, placed under a parent named in the file.

A row names its parent union by exact name: a union of the importer's subtree (its own node
included) or one that an earlier row of the same file creates. The shape of the tree is the
one `union_add` keeps (`ALLOWED_PARENTS`). A registered union is matched by its credit code,
else by its parent's name and its own; it is updated in place but never moved, and its kind
changes only between grassroots union and joint grassroots union. The importer's own node may
appear (our export lists it) but only unchanged: the level above keeps it.

The helpers above the importer (cell parsers, the area check, name references) serve the
employer import too: they sit here, in the lower layer, so that neither import copies them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import ids
from gonghui.core.bulk import load_rows, reset_sequences, update_rows
from gonghui.core.scope import Scope
from gonghui.imports import cells
from gonghui.imports.engine import Column, Importer, Row, register
from gonghui.orgs.models import Area, Union
from gonghui.orgs.selectors import (
    UnionRow,
    area_levels,
    placement_prefix,
    unions_by_credit_code,
    unions_named,
)
from gonghui.orgs.services import ALLOWED_PARENTS

T = TypeVar("T")

# ---- Shared by the union and the employer import -------------------------------------------


def required(parse: Callable[[Any], T]) -> Callable[[Any], T]:
    """`parse`, after refusing an empty cell with the engine's "may not be empty"."""

    def parse_required(value: Any) -> T:
        cells.required_text(value)
        return parse(value)

    return parse_required


def one_named(row: Row, key: str, found: Sequence[T], *, unknown: str) -> T | None:
    """The one union a cell names; none or several found is the row's error in that cell."""
    if len(found) == 1:
        return found[0]
    if found:
        unknown = _("Several unions in your part of the union tree bear this name; give them "
                    "distinct names before importing.")  # fmt: skip
    row.fail(key, unknown)
    return None


class Places:
    """The areas a batch names, to check each row's area against the importer's territory:
    where `union_add` and `employer_save` let the same cadre place unions and employers."""

    def __init__(self, importer: Importer, rows: list[Row], key: str = "area_code") -> None:
        self.key = key
        actor = importer.actor
        self.prefix = (
            placement_prefix(user=actor) if actor is not None else importer.scope.area_prefix
        )
        self.levels = area_levels(row.values[key] for row in rows if row.has(key))

    def check(self, row: Row, *, stored: str | None, street_only: bool = False) -> None:
        """Fail the row's area cell unless it names a known area in the territory. The area a
        record already has stands, so that a file we exported imports back unchanged."""
        code = row.values.get(self.key)
        if code is None or code == stored:
            return
        level = self.levels.get(code)
        if level is None:
            row.fail(self.key, _("No administrative area has this code."))
        elif street_only and level != Area.Level.STREET:
            row.fail(self.key, _("Name a town or street here, not a whole city or district."))
        elif self.prefix is None or not code.startswith(self.prefix):
            row.fail(self.key, _("This area is outside your part of the union tree."))


# ---- The union import ----------------------------------------------------------------------

NAME_LENGTH = Union._meta.get_field("name").max_length
CREATE_COLUMNS = (
    "id", "name", "kind", "parent_id", "path", "area_id", "credit_code", "founded_on",
)  # fmt: skip
UPDATE_COLUMNS = ("id", "name", "kind", "area_id", "credit_code", "founded_on")
REGISTERED = "db"  # a node's key: (REGISTERED, union id) or (IN_FILE, row number)
IN_FILE = "row"


class Node(NamedTuple):
    """A union a row may name as its parent: registered (with its path) or created by an
    earlier row of the file (path None until the write)."""

    key: tuple[str, int]
    kind: str
    path: str | None


def _registered(union: UnionRow) -> Node:
    return Node((REGISTERED, union.id), union.kind, union.path)


def _placeable(kind: str, parent_kind: str) -> bool:
    """Whether `kind` may sit under `parent_kind` (an unknown parent kind is not judged)."""
    return not parent_kind or parent_kind in ALLOWED_PARENTS[kind]


def _parent_name(value: Any) -> str:
    """The parent's name as typed; blank only in the city federation's own row."""
    return cells.plain(value)


def _kind_labels() -> tuple[Any, ...]:
    return tuple(label for _code, label in Union.Kind.choices)


@register
class UnionImporter(Importer):
    name = "unions"
    label = gettext_lazy("Unions")
    unique_column = "credit_code"
    columns = (
        Column(
            "name",
            gettext_lazy("Name"),
            cells.name(NAME_LENGTH),
            aliases=("工会名称", "名称"),
            example="徐州市鼓楼区某某公司工会",
        ),
        Column(
            "kind",
            gettext_lazy("Kind"),
            required(cells.choice(Union.Kind)),
            aliases=("工会类型", "类型"),
            choices=_kind_labels(),
            example=Union.Kind.GRASSROOTS.label,
        ),
        # Required as a column; blank only in the city federation's own row.
        Column(
            "parent",
            gettext_lazy("Parent union"),
            _parent_name,
            aliases=("上级工会",),
            example="徐州市鼓楼区某某街道总工会",
        ),
        Column(
            "area_code",
            gettext_lazy("Area code"),
            cells.required_text,
            aliases=("行政区划代码",),
            required=False,
            example="320302001",
            text_format=True,
        ),
        Column(
            "credit_code",
            gettext_lazy("Unified social credit code"),
            ids.normalize_credit_code,
            aliases=("统一社会信用代码",),
            required=False,
            example="81320302000012346B",
            text_format=True,
        ),
        Column(
            "founded_on",
            gettext_lazy("Founded on"),
            cells.date,
            aliases=("成立日期",),
            required=False,
            example=dt.date(2013, 7, 20),
        ),
    )

    def __init__(self, *, actor: Any, scope: Scope) -> None:
        super().__init__(actor=actor, scope=scope)
        # The file so far: the unions its rows name (by name), and which row claimed each
        # registered union or each new (parent, name), to refuse a union given twice.
        self.named: dict[str, dict[tuple[str, int], Node]] = {}
        self.claimed: dict[Hashable, int] = {}

    def check(self, rows: list[Row]) -> None:
        names = {row.values[key] for row in rows for key in ("name", "parent") if row.has(key)}
        registered = unions_named(self.scope, names)
        by_code = unions_by_credit_code(
            row.values["credit_code"] for row in rows if row.has("credit_code")
        )
        places = Places(self, rows)
        for row in rows:
            if row.has("name", "parent"):
                self._check_row(row, registered, by_code, places)

    def _check_row(
        self,
        row: Row,
        registered: dict[str, list[UnionRow]],
        by_code: dict[str, UnionRow],
        places: Places,
    ) -> None:
        existing = self._existing(row, registered, by_code)
        parent = self._parent(row, existing, registered)
        places.check(row, stored=existing.area_id if existing else None)
        if row.has("kind"):
            self._check_kind(row, existing, parent)
        if not self._claim(row, existing):
            return
        self._remember(row, existing)
        if not row.errors:
            self._decide(row, existing, parent)

    def _existing(
        self, row: Row, registered: dict[str, list[UnionRow]], by_code: dict[str, UnionRow]
    ) -> UnionRow | None:
        """The registered union the row describes: by credit code, else by parent and name."""
        union = by_code.get(row.values.get("credit_code", ""))
        if union is not None:
            if self.scope.covers(union.path):
                return union
            row.fail("credit_code", _("A union outside your part of the union tree is "
                                      "registered with this credit code."))  # fmt: skip
            return None
        parent_name = row.values["parent"]
        same = [u for u in registered.get(row.values["name"], []) if u.parent_name == parent_name]
        if len(same) > 1:
            row.fail("name", _("Several unions of this name sit under this parent; give them "
                               "credit codes to tell them apart."))  # fmt: skip
            return None
        return same[0] if same else None

    def _parent(
        self, row: Row, existing: UnionRow | None, registered: dict[str, list[UnionRow]]
    ) -> Node | None:
        """The parent the row names. A registered union keeps its parent: naming another is
        an error (import does not move unions)."""
        name = row.values["parent"]
        if existing is not None and name == existing.parent_name:
            if existing.parent_id is None:
                return None
            return Node((REGISTERED, existing.parent_id), existing.parent_kind, None)
        if not name:
            row.fail("parent", _("Name the parent union: only the city federation has none."))
            return None
        found = {node.key: node for node in map(_registered, registered.get(name, []))}
        found |= self.named.get(name, {})
        parent = one_named(
            row, "parent", list(found.values()),
            unknown=_("No union of this name is in your part of the union tree, nor in an "
                      "earlier row of this file."),
        )  # fmt: skip
        if (
            parent is not None
            and existing is not None
            and parent.key != (REGISTERED, existing.parent_id)
        ):
            row.fail("parent", _("Import does not move a registered union to another parent."))
            return None
        return parent

    def _check_kind(self, row: Row, existing: UnionRow | None, parent: Node | None) -> None:
        kind = row.values["kind"]
        if (
            existing is not None
            and kind != existing.kind
            and not (kind in Union.GRASSROOTS_KINDS and existing.kind in Union.GRASSROOTS_KINDS)
        ):
            row.fail("kind", _("Import changes the kind of a registered union only between "
                               "grassroots union and joint grassroots union."))  # fmt: skip
        elif parent is not None and not _placeable(kind, parent.kind):
            labels = {"kind": Union.Kind(kind).label, "parent": Union.Kind(parent.kind).label}
            row.fail("kind", _("A %(kind)s cannot sit under a %(parent)s.") % labels)

    def _claim(self, row: Row, existing: UnionRow | None) -> bool:
        """Refuse a union the file gives twice: a registered one, or a new one without a
        credit code under the same parent and name (new ones with codes: the engine)."""
        if existing is not None:
            key: Hashable = (REGISTERED, existing.id)
        elif not row.has("credit_code"):
            key = (IN_FILE, row.values["parent"], row.values["name"])
        else:
            return True
        first = self.claimed.setdefault(key, row.number)
        if first != row.number:
            row.fail("name", _("Repeats row %(row)d of this file.") % {"row": first})
            return False
        return True

    def _remember(self, row: Row, existing: UnionRow | None) -> None:
        """Let later rows name this union as their parent (even when this row has errors, so
        that one mistake is not reported again in every row below it)."""
        kind = row.values.get("kind", "")
        if existing is not None:
            node = Node((REGISTERED, existing.id), kind or existing.kind, existing.path)
        else:
            node = Node((IN_FILE, row.number), kind, None)
        self.named.setdefault(row.values["name"], {})[node.key] = node

    def _decide(self, row: Row, existing: UnionRow | None, parent: Node | None) -> None:
        values = row.values
        wanted = (
            values["name"],
            values["kind"],
            values.get("area_code", existing.area_id if existing else None),
            values.get("credit_code", existing.credit_code if existing else None),
            values.get("founded_on", existing.founded_on if existing else None),
        )
        if existing is None:
            assert parent is not None
            row.action = "create"
            row.record = (row.number, parent.key, parent.path, *wanted)
        elif wanted == (existing.name, existing.kind, existing.area_id, existing.credit_code,
                        existing.founded_on):  # fmt: skip
            row.action = "unchanged"
        elif existing.path == self.scope.union_path:
            # Its name and area make the importer's own territory: the level above sets them.
            row.fail("name", _("Your own union is changed by the union above it, not by your "
                               "import."))  # fmt: skip
        else:
            row.action = "update"
            row.record = (existing.id, *wanted)

    def write(self, records: dict[str, Any]) -> None:
        """New unions get explicit ids after the highest one, and their paths in file order:
        a parent created by the file comes before its children, so its path is known."""
        first_id = (Union.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        created = load_rows(Union, CREATE_COLUMNS, _placed(records["create"], first_id))
        update_rows(Union, UPDATE_COLUMNS, records["update"])
        if created:
            reset_sequences([Union])


def _placed(records: Iterable[tuple], first_id: int) -> Iterable[tuple]:
    """The rows to insert: each new union with its id, its parent's id and its path."""
    placed: dict[int, tuple[int, str]] = {}  # row number → (id, path) of the unions created
    for union_id, (number, (source, key), stored_path, name, kind, *rest) in enumerate(
        records, start=first_id
    ):
        parent_id, parent_path = (key, stored_path) if source == REGISTERED else placed[key]
        path = f"{parent_path}{union_id}/"
        placed[number] = (union_id, path)
        yield (union_id, name, kind, parent_id, path, *rest)
