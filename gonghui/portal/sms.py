"""The SMS gateway behind an interface: `GONGHUI_SMS_BACKEND` names the backend class (a dotted
path). The default writes each message to the log (development); a deployment plugs in its
operator's gateway; tests read the in-memory outbox."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.core import crypto

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, mobile: str, text: str) -> None: ...


class ConsoleBackend:
    def send(self, mobile: str, text: str) -> None:
        logger.info("SMS to %s: %s", crypto.mask_mobile(mobile), text)


class MemoryBackend:
    """Keeps every message in `outbox` (mobile, text), newest last."""

    outbox: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        MemoryBackend.outbox.append((mobile, text))


def gateway() -> SmsBackend:
    backend: type[SmsBackend] = import_string(settings.GONGHUI_SMS_BACKEND)
    return backend()
