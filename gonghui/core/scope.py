"""Scoped access: the one mechanism that limits every read to the user's subtree.

A user acts for one node of the union tree. Every model that holds organisation data subclasses
`ScopedModel` and says, in `scope_filter`, which of its rows a `Scope` covers. Views, exports
and the API read through `visible_to(model, user)` or `get_visible_or_404(model, user, pk)`;
an object outside the scope is answered exactly like a missing one. The URL-walk test in
core/tests/test_scope_walk.py requests every URL pattern with users of sibling subtrees, so a
page that forgets the rule fails the build.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.db import models
from django.http import Http404

from gonghui.core.fields import prefix_q

if TYPE_CHECKING:
    from gonghui.accounts.models import User

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass(frozen=True)
class Scope:
    """What one user may see: a subtree of the union tree and, for federations, a territory.

    `union_path` is the materialized path of the user's node (every descendant's path starts
    with it); `area_prefix` is the GB/T 2260 code prefix of the node's territory, so employers
    that no union covers yet are still seen by the federation responsible for organising them.
    A scope with neither sees nothing (the three administrator roles hold no business data).
    """

    union_path: str | None
    area_prefix: str | None = None
    # A wide scope spans many unions (any node above a grassroots union): its lists read the
    # table in id order and filter, instead of gathering every row of the subtree and sorting.
    wide: bool = False

    @classmethod
    def nothing(cls) -> Scope:
        return cls(union_path=None, area_prefix=None)

    def for_counting(self) -> Scope:
        """The same rows, read through the union index: right for counts and totals, which
        visit every row of the subtree anyway."""
        return replace(self, wide=False)

    @property
    def is_root(self) -> bool:
        """The city federation's scope ("/1/"): every row of the deployment, unfiltered."""
        return self.union_path is not None and self.union_path.count("/") == 2

    @property
    def is_empty(self) -> bool:
        return self.union_path is None and self.area_prefix is None

    def covers(self, union_path: str | None) -> bool:
        """Whether a union with this materialized path lies in the subtree."""
        return bool(self.union_path and union_path and union_path.startswith(self.union_path))

    def union_q(self, path_field: str = "path") -> models.Q:
        """Rows whose union path lies in the subtree (a never-true filter for an empty scope)."""
        if self.union_path is None:
            return models.Q(pk__in=[])
        return prefix_q(path_field, self.union_path)

    def area_q(self, code_field: str) -> models.Q:
        if self.area_prefix is None:
            return models.Q(pk__in=[])
        return prefix_q(code_field, self.area_prefix)


class ScopedModel(models.Model):
    """Base of every model whose rows belong to a place in the union tree.

    `url_kwarg` names the URL parameter that carries this model's primary key (for example
    `member_id`); the URL-walk test uses it to find out-of-scope objects for every pattern.
    """

    url_kwarg: ClassVar[str]
    registry: ClassVar[dict[str, type[ScopedModel]]] = {}
    # False for rows that belong to no place in the tree (the audit trail): the city's
    # federation, which sees the whole tree unfiltered, does not see them either.
    in_tree: ClassVar[bool] = True

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kwarg = cls.__dict__.get("url_kwarg")
        if kwarg:
            ScopedModel.registry[kwarg] = cls

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        raise TypeError(f"{cls.__name__} must say which rows a scope covers")


def scope_of(user: User | Any) -> Scope:
    """The scope a signed-in user acts in (anonymous users see nothing)."""
    if not getattr(user, "is_authenticated", False):
        return Scope.nothing()
    return user.scope


def visible_to(
    model: type[ModelT], user: User | Any, queryset: models.QuerySet[ModelT] | None = None
) -> models.QuerySet[ModelT]:
    """Rows of `model` (or of `queryset`) in the user's scope: how views read organisation data."""
    return rows_in_scope(model, scope_of(user), queryset)


def rows_in_scope(
    model: type[ModelT], scope: Scope, queryset: models.QuerySet[ModelT] | None = None
) -> models.QuerySet[ModelT]:
    """Rows of `model` that `scope` covers (a user's, or a node's for its totals)."""
    assert issubclass(model, ScopedModel), f"{model.__name__} is not a ScopedModel"
    if queryset is None:
        queryset = model._default_manager.all()
    if scope.is_empty:
        return queryset.none()
    if scope.is_root and model.in_tree:
        return queryset  # one city per deployment: its federation sees all of it
    return queryset.filter(model.scope_filter(scope))


def get_visible_or_404(
    model: type[ModelT], user: User | Any, pk: object, queryset: models.QuerySet | None = None
) -> ModelT:
    """One row in the user's scope; outside it, the same 404 as a missing row."""
    rows = visible_to(model, user, queryset)
    try:
        return rows.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
