"""Telling the accepted document types apart by content, never by name. No Flask."""
from __future__ import annotations

import io
import zipfile

TYPES = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "odt": ("application/vnd.oasis.opendocument.text", ".odt"),
}


def sniff(content: bytes) -> str | None:
    """'pdf', 'docx' or 'odt' when the bytes really are one of those, else None."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content[:4] != b"PK\x03\x04":
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and zf.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "odt"
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None
