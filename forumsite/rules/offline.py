"""Checks on a forum package or record (issue 17), and what differs between the forum that left the server and
the forum the server holds now. Pure: no Flask, no database.

The format (forumsite/offline/package.py): a ZIP holding ``manifest.json`` — format name, schema version, kind
(package: server → laptop; record: laptop → server), the forum's uuid, created_at, the source's name and the
sha256 of every other member — ``signature`` (HMAC-SHA256 of the manifest's bytes with the province's key, hex),
JSON files and ``files/<uuid>`` (the forum's documents)."""
from __future__ import annotations

import hashlib
import hmac
import re

FORMAT = "forumsite-offline"
SCHEMA = 1
KINDS = ("package", "record")
MANIFEST, SIGNATURE = "manifest.json", "signature"
# What a member of the ZIP may be called: a JSON file of the format, or a document under files/.
MEMBER_NAME = re.compile(r"^(?:[a-z_]{1,40}\.json|files/[0-9a-f]{32})$")
MAX_MEMBERS = 500
MAX_TOTAL_BYTES = 400 * 1024 * 1024  # declared uncompressed size of the whole ZIP
MAX_RATIO = 1000  # declared size over compressed size, per member: beyond it a zip bomb


def sign(key: bytes, manifest: bytes) -> str:
    return hmac.new(key, manifest, hashlib.sha256).hexdigest()


def signature_ok(key: bytes, manifest: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, manifest), signature.strip())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_problem(manifest: object, kind: str) -> str | None:
    """The refusal code of a manifest that is not of this format, version or kind (None when it is)."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return "offline_bad_format"
    if manifest.get("schema") != SCHEMA:
        return "offline_bad_schema"
    if manifest.get("kind") != kind:
        return "offline_wrong_kind"
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return "offline_bad_format"
    if not all(isinstance(manifest.get(k), str) and manifest.get(k) for k in ("id", "forum", "created_at")):
        return "offline_bad_format"
    return None


def listing_problem(names: list[str], sizes: list[tuple[int, int]]) -> str | None:
    """Names and (declared size, compressed size) of a ZIP's members: a refusal code before anything is read."""
    if len(names) > MAX_MEMBERS or len(set(names)) != len(names):
        return "offline_bad_format"
    if any(n not in (MANIFEST, SIGNATURE) and not MEMBER_NAME.match(n) for n in names):
        return "offline_bad_format"
    if sum(size for size, _ in sizes) > MAX_TOTAL_BYTES:
        return "offline_too_large"
    if any(size > MAX_RATIO * max(packed, 1) + 4096 for size, packed in sizes):
        return "offline_too_large"
    return None


def hash_problem(declared: dict[str, str], found: dict[str, bytes]) -> str | None:
    """Every member but the manifest and the signature is declared with its hash, and no other is present."""
    if set(declared) != set(found):
        return "offline_bad_hash"
    if any(not hmac.compare_digest(declared[name], sha256(data)) for name, data in found.items()):
        return "offline_bad_hash"
    return None


# --- what changed on the server since the check-out -----------------------------------------------------------

ROLL_FIELDS = ("full_name", "status", "exempt", "temp_in", "temp_out", "suspended")
AGENDA_FIELDS = ("title", "planned_minutes", "position")


def differences(base: dict, now: dict) -> list[tuple[str, str, str]]:
    """(what, name, how) for each member of the roll and each agenda item that differs between the forum as it
    left (``base``) and as the server holds it (``now``). Each side: {"roll": [...], "agenda": [...]}, rows with
    a "uuid" and the fields above."""
    found: list[tuple[str, str, str]] = []
    for what, key, fields, label in (("roll", "roll", ROLL_FIELDS, "full_name"),
                                     ("agenda", "agenda", AGENDA_FIELDS, "title")):
        before = {r["uuid"]: r for r in base.get(key, [])}
        after = {r["uuid"]: r for r in now.get(key, [])}
        for uid, row in after.items():
            if uid not in before:
                found.append((what, row[label], "added"))
            else:
                changed = [f for f in fields if before[uid].get(f) != row.get(f)]
                if changed:
                    found.append((what, row[label], "changed:" + ",".join(changed)))
        found.extend((what, row[label], "removed") for uid, row in before.items() if uid not in after)
    return found


def free_number(number: int, taken: set[int]) -> int:
    """The number a document keeps, or the next one after every number the server has given (never two
    documents with one number)."""
    return number if number not in taken else max(taken) + 1
