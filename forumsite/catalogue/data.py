"""Reading and writing the catalogue's YAML format (the shipped file and admin import/export). No Flask."""
from __future__ import annotations

from pathlib import Path

import yaml

from . import wording

SHIPPED = Path(__file__).with_name("reference.yaml")
ITEM_KEYS = ("code", "kind", "number", "group", "subject", "text", "certainty", "source", "sources", "note")
GROUP_KEYS = ("code", "label", "note", "sources")
KINDS = ("manifestation", "key_task", "directive")
CERTAINTY_PROBLEMS = {
    "certainty": "certainty phải là verified, single_source hoặc unverified",
    "no_text": "chưa có nguyên văn thì certainty phải là unverified",
    "no_source": "nguyên văn phải kèm ít nhất một nguồn (sources)",
}


class CatalogueFormatError(Exception):
    """The YAML is not a catalogue; ``problems`` lists what is wrong, item by item."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def parse(text: str) -> dict:
    """Parse and check a catalogue document: {'groups': [...], 'items': [...]}."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueFormatError([f"YAML: {exc}"]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise CatalogueFormatError(["thiếu danh sách items"])
    groups = data.get("groups") or []
    group_codes = {g.get("code") for g in groups if isinstance(g, dict)}
    problems, seen = [], set()
    for index, item in enumerate(data["items"], 1):
        if not isinstance(item, dict):
            problems.append(f"mục {index}: không phải một bản ghi")
            continue
        code = str(item.get("code", "")).strip()
        if not code or len(code) > 10:
            problems.append(f"mục {index}: thiếu mã hoặc mã quá dài")
        elif code in seen:
            problems.append(f"mục {index}: mã {code} bị trùng")
        seen.add(code)
        if item.get("kind") not in KINDS:
            problems.append(f"mục {index} ({code}): loại không hợp lệ")
        if not isinstance(item.get("number"), int):
            problems.append(f"mục {index} ({code}): số thứ tự phải là số nguyên")
        if not str(item.get("subject", "")).strip():
            problems.append(f"mục {index} ({code}): thiếu chủ đề")
        if group_codes and item.get("group") not in group_codes:
            problems.append(f"mục {index} ({code}): nhóm {item.get('group')} không có trong danh sách nhóm")
        if not isinstance(item.get("verified", False), bool):
            problems.append(f"mục {index} ({code}): verified phải là true hoặc false")
        if not isinstance(item.get("sources") or [], list):
            problems.append(f"mục {index} ({code}): sources phải là một danh sách")
            continue
        _normalise(item)
        problem = wording.certainty_problem(item["certainty"], item["text"], item["sources"])
        if problem:
            problems.append(f"mục {index} ({code}): {CERTAINTY_PROBLEMS[problem]}")
    for group in groups:
        if isinstance(group, dict):
            group["note"] = str(group.get("note") or "").strip()
            group["sources"] = wording.clean_sources(group.get("sources")
                                                     if isinstance(group.get("sources"), list) else [])
    if problems:
        raise CatalogueFormatError(problems)
    return {"groups": groups, "items": data["items"]}


def _normalise(item: dict) -> None:
    """Fill the optional keys; files written before certainty existed say verified: true/false."""
    legacy = "certainty" not in item
    if legacy:
        item["certainty"] = "verified" if item.get("verified") else "unverified"
    item.pop("verified", None)
    item["text"] = str(item.get("text") or "").strip()
    item["source"] = str(item.get("source") or "").strip()
    item["note"] = str(item.get("note") or "").strip()
    item["sources"] = wording.clean_sources(item.get("sources"))
    if legacy and not item["sources"] and item["source"]:
        # Old files named their reproductions inside the one source text.
        item["sources"] = [{"name": item["source"][:500], "url": "", "note": ""}]


def load_shipped() -> dict:
    return parse(SHIPPED.read_text(encoding="utf-8"))


def dump(groups: list[dict], items: list[dict]) -> str:
    """The export: the same format the app ships and imports."""
    body = {"groups": [{k: g[k] for k in GROUP_KEYS} for g in groups],
            "items": [{k: item[k] for k in ITEM_KEYS} for item in items]}
    header = ("# forumsite reference catalogue (export). Import it back in the app: "
              "Danh mục tham khảo › Nhập YAML.\n")
    return header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120)
