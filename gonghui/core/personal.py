"""Reading a record's encrypted personal data: in clear (for the services that need it) and
masked (for every page, export and API answer by default)."""

from __future__ import annotations

from gonghui.core import crypto


class PersonalData:
    """For a model with `id_cipher` and `mobile_cipher` (encrypted by `core.crypto`; either may
    be empty): the ID number and mobile in clear and masked, "" where none is stored."""

    id_cipher: bytes | None
    mobile_cipher: bytes | None

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_cipher) if self.id_cipher else ""

    @property
    def mobile(self) -> str:
        return crypto.decrypt(self.mobile_cipher) if self.mobile_cipher else ""

    @property
    def masked_id_number(self) -> str:
        return crypto.mask_id_number(self.id_number) if self.id_cipher else ""

    @property
    def masked_mobile(self) -> str:
        return crypto.mask_mobile(self.mobile) if self.mobile_cipher else ""
