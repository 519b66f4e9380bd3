"""A Party document as it prints (A4, Times New Roman): the HTML of the print page, and the same as a PDF.

Here rather than in a view module: the print page, the PDF download and ``flask export-document`` share it
(rendering needs an application context; the CLI makes a request context for the template's url_for)."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template

from ..rules import documents as doc_rules


def print_html(forum, doc, pdf: bool = False) -> str:
    from . import docx_party

    return render_template("followup/print_document.html", forum=forum, doc=doc, pdf=pdf,
                           symbol=doc_rules.shown_symbol(doc.number, doc.kind),
                           secretary=docx_party.secretary_name(forum))


def document_pdf(forum, doc) -> bytes:
    """The document as a PDF (WeasyPrint, the print stylesheet); pdf.PdfUnavailable without WeasyPrint."""
    from . import pdf

    return pdf.render(print_html(forum, doc, pdf=True), Path(current_app.static_folder) / "css" / "print.css")
