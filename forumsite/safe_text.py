"""Control characters in text (no Flask): nobody types them, but pasted text carries them, and DOCX/XLSX
(XML 1.0) and PostgreSQL refuse them — one U+0001 in a cell's proposal would take down every report above it.

Input is cleaned on arrival (the request's form and query values, the capture line, imported rows); every
export cleans again, because rows stored before the input was cleaned, or written by other paths, remain.
"""
from __future__ import annotations

import re

# Word's manual line break (U+000B) and page break (U+000C) arrive in pasted text: they become line breaks.
_BREAKS = re.compile("[\x0b\x0c]")
# C0 controls but TAB, LF, CR. NUL is left to the request guard, which refuses it (400) rather than guess.
_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f]")
# What XML 1.0 cannot hold at all: every C0 control but TAB/LF/CR, the two non-characters, lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """Text as typed or pasted, without the control characters nobody means (TAB and line breaks kept)."""
    if not text or text.isprintable():
        return text
    return _CONTROLS.sub("", _BREAKS.sub("\n", text))


def xml_safe(text) -> str:
    """Text any XML writer accepts (python-docx, openpyxl), whatever is stored: the exports call this."""
    if text is None:
        return ""
    text = str(text)
    if text.isprintable():
        return text
    return _NOT_XML.sub("", _BREAKS.sub("\n", text))
