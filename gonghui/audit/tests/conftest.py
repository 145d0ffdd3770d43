from __future__ import annotations

import pytest

from gonghui.accounts.models import Role, User
from gonghui.conftest import PASSWORD, World


@pytest.fixture
def auditor(world: World) -> User:
    return User.objects.create_user(username="auditor", password=PASSWORD, role=Role.AUDITOR)


@pytest.fixture
def secadmin(world: World) -> User:
    return User.objects.create_user(
        username="secadmin", password=PASSWORD, role=Role.SECURITY_ADMIN
    )
