"""The union tree node a management command acts for."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.orgs.models import Union
from gonghui.orgs.selectors import tree_node


def node_for_command(code: str | None) -> Union:
    """`tree_node`, or exit status 2 with a message when no node answers to the code."""
    node = tree_node(code)
    if node is None:
        raise CommandError(
            _("No union tree node for %(code)s.") % {"code": code or "—"}, returncode=2
        )
    return node
