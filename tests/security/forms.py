"""Forms as a browser sees them: every <form> (action or hx-post) of a page with the values it would send,
so that tests can drive each state-changing route the way a person would, without hand-written data."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

FILLER = {"date": "2026-12-01", "time": "08:00", "number": "1", "email": "a@example.vn", "datetime-local":
          "2026-12-01T08:00", "month": "2026-12", "tel": "0912345678", "url": "http://intranet.local/"}


@dataclass
class Form:
    url: str
    fields: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    multi: dict[str, list[str]] = field(default_factory=dict)

    text_fields: set[str] = field(default_factory=set)
    kinds: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # every control, sent or not (unchecked boxes too)

    def data(self, text: str = "Nội dung kiểm tra", change: bool = True) -> dict:
        """The values the browser would send, empty boxes filled in (and, with ``change``, free text that
        already holds something edited, so that the submission changes something)."""
        out = {}
        for name, value in self.fields.items():
            if value == "":
                value = _filler(name, text, self.kinds.get(name, "text"))
            elif change and name in self.text_fields and not _looks_like_date(value):
                value = value + " (sửa)"
            out[name] = value
        for name, values in self.multi.items():
            out[name] = values
        return out


DATE_NAMES = ("date", "deadline", "_on", "term_start", "_from", "_by", "held", "day")
NUMBER_NAMES = ("minutes", "votes", "against", "not_voting", "eligible", "present", "seconds", "limit", "year",
                "position", "count", "max", "min")


def _looks_like_date(value: str) -> bool:
    return all(c.isdigit() or c in "/-:. " for c in value)


def _filler(name: str, text: str, kind: str = "text") -> str:
    lowered = name.lower()
    if "year" in lowered:
        return "1980"
    if kind in FILLER:
        return FILLER[kind]
    if any(k in lowered for k in DATE_NAMES):
        return "01/12/2026"
    if "year" in lowered:
        return "1980"
    if any(k in lowered for k in NUMBER_NAMES):
        return "1"
    if lowered in ("code", "key"):
        return "kiem_tra_1"
    if lowered == "username":
        return "kiemtra"
    if "password" in lowered or lowered in ("current", "confirm"):
        return "Sen-hong-2026"
    return text


class _Parser(HTMLParser):
    def __init__(self, page_url: str = ""):
        self.page_url = page_url
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._hx_buttons: list[Form] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            post = (a.get("method") or "").lower() == "post"
            url = a.get("hx-post") or ((a.get("action") or self.page_url) if post else None)
            self._form = Form(url or "")
            self._children = []
            if url:
                self.forms.append(self._form)
                _vals(self._form, a)
        elif a.get("hx-post") and tag != "form" and "disabled" not in a:
            # An element posting by itself; inside a form, htmx sends the form's values too.
            child = Form(a["hx-post"])
            _vals(child, a)
            self.forms.append(child)
            if self._form is not None:
                self._children.append(child)
        if self._form is None:
            return
        name = a.get("name")
        if name and tag in ("input", "select", "textarea"):
            self._form.names.add(name)
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                self._form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a or (kind == "radio" and name not in self._form.fields):
                    self._form.fields[name] = a.get("value") or "on"
            elif kind == "hidden" and name in self._form.fields and name != "csrf_token":
                self._form.multi.setdefault(name, [self._form.fields.pop(name)]).append(a.get("value") or "")
            elif kind == "hidden" and name in self._form.multi:
                self._form.multi[name].append(a.get("value") or "")
            elif kind not in ("submit", "button", "reset", "image"):
                self._form.fields[name] = a.get("value") or ""
                self._form.kinds[name] = kind
                if kind in ("text", "search"):
                    self._form.text_fields.add(name)
        elif tag == "button" and name and a.get("value") is not None and name not in self._form.fields:
            self._form.fields[name] = a["value"]
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            if "multiple" in a:
                self._form.multi[name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select in self._form.multi:
                if "selected" in a:
                    self._form.multi[self._select].append(value)
            elif "selected" in a or (self._select not in self._form.fields and value):
                self._form.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields[name] = ""
            self._form.text_fields.add(name)

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data.strip()

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            for child in self._children:
                child.fields = {**self._form.fields, **child.fields}
                child.multi = {**self._form.multi, **child.multi}
                child.text_fields = set(self._form.text_fields)
                child.files = list(self._form.files)
                child.names = set(self._form.names) | set(child.fields)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _vals(form: Form, attrs: dict) -> None:
    import json

    if attrs.get("hx-vals"):
        try:
            form.fields.update({k: str(v) for k, v in json.loads(attrs["hx-vals"]).items()})
        except ValueError:
            pass


def forms_of(html: str, page_url: str = "") -> list[Form]:
    parser = _Parser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms
