"""A forum's document page by page, for a display: PDF pages rendered to PNG (pypdfium2), cached per
document and page; a DOCX or ODT (no page layout without an office suite) as its text cut into screen-sized
pages, set large. No Flask: the caller gives the paths."""
from __future__ import annotations

import os
import tempfile
import threading
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

# The PNG fits this box: crisp on a 1080p wall, never a huge bitmap whatever size the PDF says its page is.
MAX_WIDTH, MAX_HEIGHT = 2400, 1500
# Text of a DOCX/ODT per screen: about what 40-px type fills on a 1920×1080 display.
PAGE_CHARS = 650
XML_MAX = 8 * 2**20  # an ODT's content.xml larger than this is not read (a zip bomb)

_render_lock = threading.Lock()  # pdfium is not thread-safe


def kind_of(stored_name: str) -> str:
    return Path(stored_name).suffix.lower().lstrip(".")


def page_count(path: Path) -> int:
    """How many pages a display can turn through (0 when the file cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return 0
    return _count(str(path), stat.st_mtime_ns, kind_of(path.name))


@lru_cache(maxsize=128)
def _count(path: str, _mtime: int, kind: str) -> int:
    if kind == "pdf":
        import pypdfium2 as pdfium

        try:
            with _render_lock:
                pdf = pdfium.PdfDocument(path)
                try:
                    return len(pdf)
                finally:
                    pdf.close()
        except pdfium.PdfiumError:
            return 0
    return len(text_pages(Path(path)))


def page_png(path: Path, page: int, cache: Path) -> Path | None:
    """The PNG of ``page`` (1-based) of the PDF at ``path``, rendered once and kept in ``cache``."""
    target = cache / f"{path.stem}-{page}.png"
    if target.exists():
        return target
    if not 1 <= page <= page_count(path):
        return None
    import pypdfium2 as pdfium

    try:
        with _render_lock:
            pdf = pdfium.PdfDocument(str(path))
            try:
                sheet = pdf[page - 1]
                width, height = sheet.get_size()  # points
                scale = min(MAX_WIDTH / max(width, 1), MAX_HEIGHT / max(height, 1), 4.0)
                image = sheet.render(scale=scale).to_pil()
                sheet.close()
            finally:
                pdf.close()
    except pdfium.PdfiumError:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    # Written aside then moved: a display asking at the same moment never reads half a file.
    fd, temporary = tempfile.mkstemp(dir=cache, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        image.save(out, format="PNG", optimize=False)
    os.replace(temporary, target)
    return target


def text_pages(path: Path) -> list[str]:
    """The paragraphs of a DOCX or ODT, gathered into pages of about PAGE_CHARS characters (a paragraph
    is never cut unless it alone is longer than a page)."""
    try:
        stat = path.stat()
    except OSError:
        return []
    return list(_text_pages(str(path), stat.st_mtime_ns))


@lru_cache(maxsize=32)
def _text_pages(path: str, _mtime: int) -> tuple[str, ...]:
    kind = kind_of(path)
    try:
        paragraphs = _docx_paragraphs(path) if kind == "docx" else _odt_paragraphs(path) if kind == "odt" else []
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ElementTree.ParseError):
        paragraphs = []
    return tuple(paginate(paragraphs))


def paginate(paragraphs: list[str], size: int = PAGE_CHARS) -> list[str]:
    pages: list[str] = []
    current = ""
    for text in (" ".join(p.split()) for p in paragraphs):
        if not text:
            continue
        while len(text) > size:  # a paragraph longer than a page: cut at a space
            cut = text.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            if current:
                pages.append(current)
                current = ""
            pages.append(text[:cut].strip())
            text = text[cut:].strip()
        if current and len(current) + len(text) + 2 > size:
            pages.append(current)
            current = ""
        current = f"{current}\n\n{text}" if current else text
    if current:
        pages.append(current)
    return pages


def _docx_paragraphs(path: str) -> list[str]:
    from docx import Document

    return [p.text for p in Document(path).paragraphs]


def _odt_paragraphs(path: str) -> list[str]:
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("content.xml")
        if info.file_size > XML_MAX:
            return []
        with zf.open(info) as member:
            data = member.read(XML_MAX + 1)
    if len(data) > XML_MAX:
        return []
    root = ElementTree.fromstring(data)
    return ["".join(el.itertext()) for el in root.iter() if el.tag in (f"{{{text_ns}}}p", f"{{{text_ns}}}h")]
