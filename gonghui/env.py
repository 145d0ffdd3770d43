"""Strict environment helpers: a bad value fails loudly at start-up, never silently later."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigurationError(RuntimeError):
    """A setting in the environment cannot be used as given."""


def env_str(name: str, default: str) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a boolean (use true/false)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name}={number} must be at least {minimum}")
    return number


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ConfigurationError(f"{name}={value!r} must be one of {', '.join(choices)}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def secret_from_env_or_file(
    name: str, path: Path, *, nbytes: int = 48, generate: bool = True
) -> str:
    """Return the secret named `name` from the environment, from `<name>_FILE`, or from `path`.

    When none is set the secret is generated once into `path` with mode 0600, so a fresh
    machine starts without a key in the repository and keeps the same key across restarts.
    With `generate=False` only the environment counts, and a missing secret stops the start.
    """
    if value := os.environ.get(name):
        return value
    if file_name := os.environ.get(f"{name}_FILE"):
        return Path(file_name).read_text(encoding="utf-8").strip()
    if not generate:
        raise ConfigurationError(f"{name} or {name}_FILE is required")
    return secret_file(path, nbytes=nbytes).read_text(encoding="utf-8").strip()


def secret_file(path: Path, *, nbytes: int = 48) -> Path:
    """Return `path`, first generating a secret into it (mode 0600) when it does not exist."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes starting together must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(nbytes))
    return path
