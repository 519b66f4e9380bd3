"""Catalogue codes shown as tags: "BH19 · Phủ nhận chủ nghĩa Mác - Lênin…", never a bare code that only
the initiated can read. The subjects are read once per request."""
from __future__ import annotations

import sqlalchemy as sa
from flask import g

from ..extensions import db
from .models import CatalogueItem

SHORT = 48  # characters of the subject on a chip; the whole subject is in its title


def subjects() -> dict[str, str]:
    if "catalogue_subjects" not in g:
        g.catalogue_subjects = dict(db.session.execute(sa.select(CatalogueItem.code, CatalogueItem.subject)).all())
    return g.catalogue_subjects


def subject(code: str) -> str:
    return subjects().get(code, "")


def all_short() -> list[tuple[str, str]]:
    """Every code with its short subject, for the capture line's suggestions."""
    return [(code, short_subject(code)) for code in subjects()]


def short_subject(code: str) -> str:
    """The subject cut at a word boundary, with an ellipsis when cut."""
    text = subject(code)
    if len(text) <= SHORT:
        return text
    cut = text[:SHORT].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return cut + "…"
