"""Telling the accepted document types apart by content, never by name. No Flask."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

TYPES = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "odt": ("application/vnd.oasis.opendocument.text", ".odt"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# An ODT's `mimetype` member is those 39 bytes (a newline at most): a larger one is not an ODT, and reading
# it whole would let a 300 KB upload decompress into gigabytes of memory (a zip bomb).
MIMETYPE_MAX = 64


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
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size > MIMETYPE_MAX:
                    return None
                # The declared size may lie: never decompress more than the bound, whatever it says.
                with zf.open(info) as member:
                    if member.read(MIMETYPE_MAX + 1).strip() == ODT_MIMETYPE:
                        return "odt"
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        return None
    return None


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\"*/:<>?\\|;]+")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def download_name(filename: str, stored_name: str) -> tuple[str, str]:
    """(content type, file name) a document is served under, both from its checked content (the stored
    name's extension, chosen by sniff at upload): the uploader's base name is kept, cleaned, but never their
    extension — a PDF named 'passwd.html' downloads as 'passwd.pdf', application/pdf."""
    extension = PurePosixPath(stored_name).suffix.lower()
    content_type = next((t for t, ext in TYPES.values() if ext == extension), "application/octet-stream")
    if content_type == "application/octet-stream":
        extension = ".bin"
    base = PureWindowsPath(PurePosixPath(filename or "").name).name  # either separator, no folders
    base = unicodedata.normalize("NFC", base)
    base = _EXTENSION.sub("", base)
    base = " ".join(_UNSAFE_NAME.sub(" ", base).split()).strip(" .")[:120]
    return content_type, (base or "tai-lieu") + extension
