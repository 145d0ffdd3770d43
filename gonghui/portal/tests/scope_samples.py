"""The portal's pages without organisation data, for the scope walk
(core/tests/test_scope_walk.py)."""

from __future__ import annotations

from gonghui.conftest import District, World

EXEMPT = {
    "portal:landing": "the worker portal's welcome: links to sign up and sign in",
    "portal:signup": "a worker's sign-up form (mobile, SMS code, password)",
    "portal:signin": "a worker's sign-in form",
    "portal:identity": "a worker's own name and masked ID number, no organisation data",
}


def samples(world: World, district: District) -> dict[type, object]:
    return {}
