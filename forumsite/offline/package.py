"""The file that carries a forum to the meeting room and its record back: write it, read it, check it.

Format, version 1 (the checks are rules/offline.py):

    manifest.json   {"format": "forumsite-offline", "schema": 1, "kind": "package" | "record",
                     "id": the package's or record's id, "forum": the forum's uuid, "created_at": ISO UTC,
                     "source": the server's or laptop's name, "files": {member name: sha256 hex}}
    signature       HMAC-SHA256 of manifest.json's bytes with OFFLINE_SIGNING_KEY, hex
    *.json          package: organisations, forum (plan, agenda, guests, documents' metadata), roll (members
                    with the flags the rules need), accounts, catalogue, numbering;
                    record: record (the session and what followed), audit (the laptop's trail), base
    files/<uuid>    the forum's documents, by the document's uuid

HMAC rather than Ed25519: both sides sign (the server its packages, the laptop its records), so both hold the
key anyway, and the standard library does it (``cryptography`` is no dependency, and a compiled one would weigh
on the Windows wheel)."""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from flask import current_app

from ..clock import utcnow
from ..refusals import Refusal
from ..rules import offline as rules


@dataclass
class Opened:
    manifest: dict
    data: dict[str, object]      # the JSON members, parsed, by name without ".json"
    files: dict[str, bytes]      # files/<uuid> → bytes, by uuid


def malformed_is_refused(function):
    """A signed file whose JSON has not the expected shape (only a key holder can make one) is refused in words,
    never a 500."""
    import functools

    @functools.wraps(function)
    def checked(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (KeyError, TypeError, AttributeError, ValueError, IndexError):
            raise Refusal("offline_bad_record") from None

    return checked


def signing_key() -> bytes:
    key = current_app.config.get("OFFLINE_SIGNING_KEY") or ""
    if len(key) < 16:
        raise Refusal("offline_no_key")
    return key.encode()


def source_name() -> str:
    return current_app.config.get("OFFLINE_SOURCE_NAME") or ""


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def write(kind: str, ident: str, forum_uuid: str, data: dict[str, object], files: dict[str, bytes]) -> bytes:
    """The signed ZIP of ``data`` (name → JSON value) and ``files`` (uuid → bytes)."""
    members = {f"{name}.json": dumps(value) for name, value in data.items()}
    members.update({f"files/{uid}": content for uid, content in files.items()})
    manifest = dumps({"format": rules.FORMAT, "schema": rules.SCHEMA, "kind": kind, "id": ident,
                      "forum": forum_uuid, "created_at": utcnow().isoformat(), "source": source_name(),
                      "files": {name: rules.sha256(content) for name, content in members.items()}})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(rules.MANIFEST, manifest)
        archive.writestr(rules.SIGNATURE, rules.sign(signing_key(), manifest))
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def read(content: bytes, kind: str) -> Opened:
    """The checked contents of a package or record; Refusal (422, in words) when it is not one, is tampered
    with, or is of the other kind. The signature is checked before any JSON is parsed."""
    key = signing_key()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
        raise Refusal("offline_not_zip") from None
    names = [i.filename for i in infos]
    if (problem := rules.listing_problem(names, [(i.file_size, i.compress_size) for i in infos])):
        raise Refusal(problem)
    if rules.MANIFEST not in names or rules.SIGNATURE not in names:
        raise Refusal("offline_bad_format")
    try:
        manifest_bytes = archive.read(rules.MANIFEST)
        if not rules.signature_ok(key, manifest_bytes, archive.read(rules.SIGNATURE).decode("ascii", "replace")):
            raise Refusal("offline_bad_signature")
        manifest = json.loads(manifest_bytes)
        if (problem := rules.manifest_problem(manifest, kind)):
            raise Refusal(problem)
        found = {n: archive.read(n) for n in names if n not in (rules.MANIFEST, rules.SIGNATURE)}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError):
        # RuntimeError: an encrypted member; NotImplementedError: a compression this reader does not know.
        raise Refusal("offline_not_zip") from None
    if (problem := rules.hash_problem(manifest["files"], found)):
        raise Refusal(problem)
    try:
        data = {n[:-5]: json.loads(v) for n, v in found.items() if n.endswith(".json")}
    except ValueError:
        raise Refusal("offline_bad_format") from None
    files = {n[6:]: v for n, v in found.items() if n.startswith("files/")}
    return Opened(manifest, data, files)
