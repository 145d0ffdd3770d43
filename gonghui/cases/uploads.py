"""What an uploaded file is, told by its first bytes and never by its name."""

from __future__ import annotations

import zipfile
from typing import IO

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
# The file picker's `accept` list (a hint only: the bytes decide).
ACCEPTED = ".pdf,.png,.jpg,.jpeg,.xlsx"


def sniff(stream: IO[bytes]) -> str | None:
    """The content type of the file's bytes, or None if it is none of those accepted."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(b"PK\x03\x04") and _is_workbook(stream):
        return XLSX
    return None


def _is_workbook(stream: IO[bytes]) -> bool:
    """A zip is an xlsx only if it holds a workbook part (a .docx or any zip is not)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        stream.seek(0)
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names
