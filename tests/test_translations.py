"""Vietnamese is the source language; the English catalogue must cover every string in the code."""
import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("forumsite/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {}}):
        if isinstance(message, tuple):
            found.update(m for m in message if m)
        elif message:
            found.add(message)
    return found


def _translated(catalog) -> set[str]:
    """The message ids the catalogue translates (a plural counts when every form is translated)."""
    translated = set()
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            if all(m.string):
                translated.update(m.id)
        elif m.string:
            translated.add(m.id)
    return translated


def test_every_string_has_an_english_translation():
    with open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    translated = _translated(catalog)
    missing = sorted(_source_messages() - translated)
    assert not missing, f"run `make messages` and translate: {missing[:20]}"


# --- text in templates that escaped _() ---------------------------------------------------------------
# Party documents stay in Vietnamese whatever the interface language (HD 36): their fixed wording is not
# interface text. Everything else a user reads must go through the catalogue.
VIETNAMESE_ONLY = {"templates/followup/print_document.html", "templates/planning/print_agenda.html",
                   "templates/planning/print_attendance.html", "templates/planning/print_invitation.html",
                   "templates/planning/_print_base.html"}
# The document preview on the editing page shows the same fixed Party wording as the printed document.
DOCUMENT_WORDING = {"templates/followup/document.html": {"ĐẢNG CỘNG SẢN VIỆT NAM", "về", "kết quả tổ chức diễn đàn “ ”",
                                                         "DIỄN ĐÀN “ ”"}}
# The same in every language: the language switch names each language in itself; units, key names and
# examples of codes or place names typed into fields.
SAME_IN_EVERY_LANGUAGE = {"English", "Tiếng Việt", "PDF", "KB", "Alt", 'placeholder="BH5"', 'placeholder="BH5 NV3"',
                          'placeholder="Hải Phú"'}
SHOWN_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label", "aria-description", "aria-roledescription")
LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word: two letters or more, in any script
JINJA = re.compile(r"{#.*?#}|{{.*?}}|{%.*?%}", re.S)


class _Literal(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._skip = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "kbd", "code", "pre", "svg"):
            self._skip.append(tag)
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and LETTERS.search(value):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        # A macro that writes attributes (hx-swap-oob="true") is markup, not text.
        if not self._skip and LETTERS.search(data) and not re.match(r'\s*[\w-]+="', data):
            self.found.append(" ".join(data.split()))


def untranslated_template_text(source: str) -> list[str]:
    """Words a template shows that are not inside a Jinja expression (so not inside _())."""
    parser = _Literal()
    parser.feed(JINJA.sub(" ", source))
    parser.close()
    return parser.found


def test_no_template_shows_text_outside_the_catalogue():
    found = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        rel = str(path.relative_to(ROOT))
        if rel in VIETNAMESE_ONLY:
            continue
        allowed = SAME_IN_EVERY_LANGUAGE | DOCUMENT_WORDING.get(rel, set())
        words = [w for w in untranslated_template_text(path.read_text(encoding="utf-8"))
                 if w not in allowed and not all(part in allowed for part in re.split(r"\s*[+·]\s*", w) if part)]
        if words:
            found[rel] = words
    assert not found, f"wrap these in _(): {found}"


def test_the_template_check_finds_bare_text():
    assert untranslated_template_text('<p>{{ _("Có") }}</p><button title="Xóa">x</button> Lưu lại') == [
        'title="Xóa"', "Lưu lại"]
    assert untranslated_template_text('<p>{{ n }} · {% if a %}{{ _("Có") }}{% endif %}</p><kbd>Enter</kbd>') == []


BARE_FLASH = re.compile(r"""\bflash\(\s*[rbuf]?(["'])[^"']*?[^\W\d_]{2}""")


def test_flash_messages_go_through_the_catalogue():
    """A message passed to flash() as a bare string literal would show in Vietnamese to English users."""
    assert BARE_FLASH.search('flash("Đã lưu.", "success")') and BARE_FLASH.search("flash(f'Lỗi {x}')")
    assert not BARE_FLASH.search('flash(_("Đã lưu."))') and not BARE_FLASH.search('flash(" ".join(errors))')
    bare = BARE_FLASH
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "forumsite").rglob("*.py"))
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if bare.search(line)]
    assert not offenders, offenders


def test_catalogue_placeholders_match():
    """A translation that drops or renames %(n)s would raise at render time."""
    with open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    names = re.compile(r"%\((\w+)\)[sdf]")
    wrong = [m.id for m in catalog if m.id and m.string and isinstance(m.id, str)
             and sorted(names.findall(m.id)) != sorted(names.findall(m.string))]
    assert not wrong, wrong


def test_the_catalogue_check_sees_empty_translations(tmp_path):
    """An msgid with an empty msgstr counts as missing (the main test's set excludes it)."""
    po = tmp_path / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Có"\nmsgstr "Yes"\n\nmsgid "Không"\nmsgstr ""\n', encoding="utf-8")
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    translated = _translated(catalog)
    assert translated == {"Có"}
