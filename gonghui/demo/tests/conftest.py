import datetime as dt

import pytest
from pytest_django.fixtures import Settings

from gonghui.demo.generator import DemoResult, demo_load
from gonghui.demo.scales import SCALES

PASSWORD = "demo-password-2025"
TODAY = dt.date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_tiny_city(*, seed: int = 7, reset: bool = False, today: dt.date = TODAY) -> DemoResult:
    return demo_load(scale=SCALES["tiny"], seed=seed, password=PASSWORD, reset=reset, today=today)


@pytest.fixture
def tiny_city(db: None) -> DemoResult:
    return load_tiny_city()
