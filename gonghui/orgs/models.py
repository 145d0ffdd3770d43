"""Administrative areas, the union tree and the "六有" assessment of grassroots unions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeField
from gonghui.core.scope import Scope, ScopedModel


class Area(models.Model):
    """An administrative area (行政区划, GB/T 2260): city, district/county, town/street."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District or county")
        STREET = "street", _("Town or street")

    code = CodeField(_("area code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent area"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def code_prefix(self) -> str:
        """The prefix every code inside this area starts with (320300 → 3203)."""
        if self.level == self.Level.CITY:
            return self.code[:4]
        return self.code


class Union(ScopedModel):
    """A node of the union tree, from the city federation down to a grassroots union."""

    class Kind(models.TextChoices):
        CITY = "city", _("City federation of trade unions")
        DISTRICT = "district", _("District or county federation")
        INDUSTRY = "industry", _("Industry union")
        STREET = "street", _("Town or street federation")
        GRASSROOTS = "grassroots", _("Grassroots union (own)")
        JOINT = "joint", _("Joint grassroots union")

    GRASSROOTS_KINDS = (Kind.GRASSROOTS, Kind.JOINT)
    url_kwarg = "union_id"

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path "/1/7/42/": every descendant's path starts with it (see core/scope.py).
    path = CodeField(_("tree path"), max_length=255, unique=True, editable=False)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT
    )
    credit_code = CodeField(
        _("unified social credit code"), max_length=18, unique=True, null=True, blank=True
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return scope.union_q("path")

    @property
    def is_grassroots(self) -> bool:
        return self.kind in self.GRASSROOTS_KINDS

    @property
    def code(self) -> str:
        """How commands and reports name the node: a federation by its area code (320302), a
        union by its credit code, else by "U" and its number."""
        return node_code(self.kind, self.area_id, self.credit_code, self.pk)

    def as_scope(self) -> Scope:
        """What a cadre acting for this node sees: its subtree and its territory."""
        return Scope(
            union_path=self.path,
            area_prefix=self.territory_prefix(),
            # Every node above a grassroots union spans many unions; see in_subtree.
            wide=not self.is_grassroots,
        )

    def territory_prefix(self) -> str | None:
        """The area code prefix this node answers for; grassroots unions have no territory."""
        if self.is_grassroots or self.area_id is None:
            return None
        assert self.area is not None
        return self.area.code_prefix


def ancestor_paths(path: str) -> list[str]:
    """The tree paths of a node and of every node above it, root first:
    "/1/7/42/" → ["/1/", "/1/7/", "/1/7/42/"]."""
    return [path[: index + 1] for index, char in enumerate(path) if char == "/" and index]


FEDERATION_KINDS = (Union.Kind.CITY, Union.Kind.DISTRICT, Union.Kind.STREET)


def node_code(kind: str, area_id: str | None, credit_code: str | None, pk: int) -> str:
    if kind in FEDERATION_KINDS and area_id:
        return area_id
    return credit_code or f"U{pk}"


class SixHaves(models.TextChoices):
    """The six items of a "六有" qualified workers' home (合格职工之家)."""

    CHAIR = "chair", _("A lawfully elected union chair")
    ORGANISATION = "organisation", _("An independent, complete organisation")
    ACTIVITIES = "activities", _("Activities and venues that serve workers")
    RULES = "rules", _("Sound rules and working mechanisms")
    FUNDS = "funds", _("Union funds under its own management")
    PERFORMANCE = "performance", _("Work that members are satisfied with")


class SixHavesAssessment(ScopedModel):
    """The assessment of one "六有" item for one grassroots union, with evidence and a date."""

    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.CASCADE, related_name="six_haves"
    )
    item = models.CharField(_("item"), max_length=20, choices=SixHaves.choices)
    met = models.BooleanField(_("met"))
    assessed_on = models.DateField(_("assessed on"))
    evidence = models.FileField(_("evidence"), upload_to="six-haves/%Y/", blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("six-haves assessment")
        verbose_name_plural = _("six-haves assessments")
        constraints = [
            models.UniqueConstraint(fields=["union", "item"], name="one_assessment_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.union} · {self.get_item_display()}"

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return scope.union_q("union__path")


def in_subtree(scope: Scope, union_field: str) -> models.Q:
    """Rows whose `union_field` (a foreign key to Union) points into the scope's subtree.

    For a wide scope the key is wrapped in a unary plus, so the database cannot use the union
    index: a list read in id or name order with a LIMIT then stops after a few hundred rows
    instead of gathering the whole subtree and sorting it (a district's first page of members
    at city scale on SQLite: 3 ms instead of 500 ms; see docs/benchmarks.md).
    """
    # No ORDER BY in the subquery: PostgreSQL would otherwise compare each row against a
    # sorted list instead of hashing it (measured: 85 ms instead of 1.4 ms for a district).
    subtree = Union.objects.filter(scope.union_q("path")).order_by().values("pk")
    if not scope.wide:
        return models.Q(**{f"{union_field}__in": subtree})
    unindexed = models.Func(
        models.F(union_field), template="(+%(expressions)s)", output_field=models.BigIntegerField()
    )
    return models.Q(In(unindexed, subtree))
