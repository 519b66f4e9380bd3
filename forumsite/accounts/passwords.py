"""Password rules (pure): long enough, not guessable from the account, not a run of digits."""
from __future__ import annotations

MIN_LENGTH = 8
COMMON = frozenset({"12345678", "123456789", "1234567890", "password", "matkhau123", "abc12345",
                    "qwerty123", "11111111", "88888888", "00000000", "iloveyou"})


def problems(password: str, username: str = "") -> list[str]:
    """Codes of what is wrong with ``password``; empty when it is acceptable."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append("too_short")
    if password.isdigit():
        found.append("only_digits")
    if password.lower() in COMMON:
        found.append("common")
    if username and username.lower() in password.lower():
        found.append("contains_username")
    if len(set(password)) < 4:
        found.append("repetitive")
    return found
