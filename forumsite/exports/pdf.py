"""HTML to PDF with WeasyPrint, the same print stylesheet as the browser's print view.

WeasyPrint needs Pango from the operating system (Debian: libpango-1.0-0 libpangoft2-1.0-0
libharfbuzz-subset0, and fonts-liberation2 for Times New Roman metrics with full Vietnamese).
Where it is missing the app still runs: the PDF buttons say so and the print view remains.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed."""


@lru_cache(maxsize=1)
def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def render(html: str, stylesheet: Path) -> bytes:
    """The PDF of ``html`` styled by ``stylesheet``; nothing outside is ever fetched."""
    weasyprint = _weasyprint()

    class NoFetch(weasyprint.urls.URLFetcher):
        # Documents hold only escaped user text; refusing every URL also rules out server-side requests.
        def fetch(self, url, headers=None):
            raise ValueError(f"not fetched: {url}")

    return weasyprint.HTML(string=html, url_fetcher=NoFetch()).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(stylesheet))])
