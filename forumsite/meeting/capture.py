"""Reading the secretary's one capture line (pure): the kind by prefix, the catalogue codes in it.

"gp: Mỗi tháng một buổi sinh hoạt chuyên đề BH3 NV2" is a solution (giải pháp) about manifestation 3
and key task 2. Prefixes are two letters and a colon so that ordinary words never trigger them.
"""
from __future__ import annotations

import re

from ..safe_text import strip_controls

KINDS = ("giai_phap", "mo_hinh", "kien_nghi", "nguyen_nhan", "lien_he", "muc_tieu", "khac")
PREFIXES = {"gp": "giai_phap", "mh": "mo_hinh", "kn": "kien_nghi", "nn": "nguyen_nhan", "lh": "lien_he",
            "mt": "muc_tieu", "yk": "khac"}
KEYS = {str(i + 1): kind for i, kind in enumerate(KINDS)}  # Alt+1 … Alt+7 in the console

_PREFIX = re.compile(r"^\s*([A-Za-z]{2})\s*:\s*", re.UNICODE)
_CODE = re.compile(r"(?<![\w])(BH|NV|CT)\s?0*(\d{1,2})(?![\w])", re.IGNORECASE | re.UNICODE)


def parse(line: str, default_kind: str, known_codes: frozenset[str] | set[str]) -> tuple[str, str, list[str]]:
    """(kind, text, codes) of a captured line. Unknown codes stay plain text."""
    # Spaces tidied within each line; the secretary's own line breaks (Shift+Enter) kept.
    text = "\n".join(" ".join(part.split()) for part in strip_controls(line).splitlines() if part.strip())
    kind = default_kind if default_kind in KINDS else "khac"
    match = _PREFIX.match(text)
    if match and match.group(1).lower() in PREFIXES:
        kind = PREFIXES[match.group(1).lower()]
        text = text[match.end():]
    codes: list[str] = []
    for m in _CODE.finditer(text):
        code = f"{m.group(1).upper()}{int(m.group(2))}"
        if code in known_codes and code not in codes:
            codes.append(code)
    return kind, text.strip(), codes
