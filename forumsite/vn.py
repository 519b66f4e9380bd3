"""Vietnamese text and date helpers. Pure functions: no Flask import.

Search must ignore diacritics ("nguyen van" finds "Nguyễn Văn"), lists must follow the Vietnamese
alphabet (a ă â b c d đ e ê … o ô ơ … u ư …) and names sort by given name first, as every
Vietnamese roster does.
"""
from __future__ import annotations

import datetime as dt
import functools
import unicodedata

# Combining marks that make a distinct letter of the alphabet (ă â ê ô ơ ư), as opposed to tones.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
# Tone order used by Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip every diacritic, đ included: the form search compares."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def _letter_keys(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Split a word into (letters with their letter-marks, tones) for two-level comparison."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _LETTER_MARKS:
            if letters:
                letters[-1] += _LETTER_MARKS[ch]
        elif ch in _TONE_MARKS:
            if tones:
                tones[-1] = _TONE_MARKS[ch]
        elif unicodedata.combining(ch):
            continue
        else:
            # đ sorts right after d; leave room for the letter marks between letters.
            base = ord("d") * 4 + 1 if ch == "đ" else ord(ch) * 4
            letters.append(base)
            tones.append(0)
    return tuple(letters), tuple(tones)


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> tuple:
    """Sort key of one word: letters first, tones only to break ties (as dictionaries do).
    Cached: a province's thousands of names are made of a few hundred distinct words."""
    letters, tones = _letter_keys(word)
    return (letters, tones)


def name_key(full_name: str) -> tuple:
    """Sort key of a Vietnamese personal name: given name, then middle names, then family name."""
    words = full_name.split()
    if not words:
        return ((), ())
    given, rest = words[-1], words[:-1]
    ordered = [given, *rest[1:], *rest[:1]]
    return tuple(word_key(w) for w in ordered)


def text_key(text: str) -> tuple:
    """Sort key of any phrase (organisation names): word by word in alphabet order."""
    return tuple(word_key(w) for w in text.split())


def format_date(value: dt.date | None, with_prefix: bool = True) -> str:
    """'ngày 05 tháng 3 năm 2026': day below 10 and months 1–2 take a leading zero (HD 36, NĐ 30)."""
    if value is None:
        return ""
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    text = f"ngày {day} tháng {month} năm {value.year}"
    return text if with_prefix else text.removeprefix("ngày ")


def format_short_date(value: dt.date | None) -> str:
    """'05/3/2026' as forms and tables show dates."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


BAD_DATE = "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/3/2026."
# Years a date in this app can have (births, joining the Party, forums, deadlines): anything else is a typo,
# and a year at the edge of the calendar (1 or 9999) would overflow the date arithmetic further on.
YEARS = range(1900, 2200)


def parse_date(text: str) -> dt.date | None:
    """Read the date forms people type or spreadsheets hold: 5/3/2026, 05-03-2026, 2026-03-05.

    Returns None for an empty string; raises ValueError (a Vietnamese message) for anything it cannot read,
    a year outside YEARS included (the date constructor raised OverflowError for ten digits, which callers
    never expected).
    """
    text = (text or "").strip()
    if not text:
        return None
    for sep in ("/", "-", "."):
        parts = [p.strip() for p in text.split(sep)]
        # ASCII digits only: "²".isdigit() is true but int() refuses it.
        if len(parts) == 3 and all(p and len(p) <= 4 and all("0" <= c <= "9" for c in p) for p in parts):
            a, b, c = (int(p) for p in parts)
            day, month, year = (c, b, a) if len(parts[0]) == 4 else (a, b, c)
            if year not in YEARS:
                break
            try:
                return dt.date(year, month, day)
            except (ValueError, OverflowError):
                break
    raise ValueError(BAD_DATE)


def whole_number(text: str, maximum: int = 2**31 - 1) -> int | None:
    """A count or an id typed in a form: ASCII digits only (str.isdigit() also takes "²", which int() refuses),
    no larger than the database holds; None otherwise."""
    text = (text or "").strip()
    if not text or len(text) > 10 or not all("0" <= c <= "9" for c in text):
        return None
    number = int(text)
    return number if number <= maximum else None
