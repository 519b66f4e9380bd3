"""Where the app's files that are not Python live: templates, static, migrations, translations.

From a checkout (`make run`, `make test`, an editable install, the Docker image) they are the top-level
folders of the repository. An installed wheel carries them inside the package, under forumsite/_assets,
put there at build time by `bundle` (setup.py calls it; it imports this file alone, without Flask, so it
uses nothing but the standard library and Babel).
"""
from __future__ import annotations

import shutil
from pathlib import Path

FOLDERS = ("templates", "static", "migrations", "translations")
BUNDLED = "_assets"
# The front-end libraries from npm (pinned in package-lock.json), by their path under node_modules/.
VENDOR = {"htmx.min.js": "htmx.org/dist/htmx.min.js", "sse.min.js": "htmx-ext-sse/dist/sse.min.js"}


class MissingAsset(RuntimeError):
    """The source tree lacks a file the wheel must carry."""


def root() -> Path:
    """The folder holding templates/, static/, migrations/ and translations/: the checkout when this
    package sits in one, else the copy the wheel installed."""
    package = Path(__file__).resolve().parent
    checkout = package.parent
    if (checkout / "templates").is_dir() and (checkout / "migrations" / "env.py").is_file():
        return checkout
    return package / BUNDLED


def bundle(source: Path, target: Path) -> None:
    """Copy the assets of the checkout ``source`` into ``target`` (the wheel's forumsite/_assets):
    templates, static with htmx and its SSE extension, migrations, and translations compiled to .mo.
    Raises MissingAsset, never fetches anything: a wheel without htmx would serve dead pages."""
    vendor = _vendor_files(source)
    if target.exists():
        shutil.rmtree(target)  # a previous build's leftovers must not ship
    skip = shutil.ignore_patterns(".*", "__pycache__", "*.pyc", "*.mo")
    for name in ("templates", "static", "migrations"):
        shutil.copytree(source / name, target / name, ignore=skip)
    (target / "static" / "vendor").mkdir(parents=True, exist_ok=True)
    for name, path in vendor.items():
        shutil.copyfile(path, target / "static" / "vendor" / name)
    _compile_translations(source / "translations", target / "translations")


def _vendor_files(source: Path) -> dict[str, Path]:
    """Each vendored file from node_modules (npm ci), else from static/vendor (where `make` copies it)."""
    found = {}
    for name, npm_path in VENDOR.items():
        for candidate in (source / "node_modules" / npm_path, source / "static" / "vendor" / name):
            if candidate.is_file() and candidate.stat().st_size:
                found[name] = candidate
                break
        else:
            raise MissingAsset(
                f"static/vendor/{name} is missing (nor is node_modules/{npm_path} there): the wheel must carry "
                f"it and never fetches it from a CDN. Build with `make wheel`, which runs `npm ci` first.")
    return found


def _compile_translations(source: Path, target: Path) -> None:
    """messages.po → messages.mo for each language, as `pybabel compile --use-fuzzy` does in the Makefile."""
    catalogues = sorted(source.glob("*/LC_MESSAGES/messages.po"))
    if not catalogues:
        raise MissingAsset(f"no translations/*/LC_MESSAGES/messages.po under {source}")
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError as exc:
        raise MissingAsset("Babel is needed to compile the translations (pyproject.toml build-system)") from exc
    for po in catalogues:
        language = po.parent.parent.name
        out = target / language / "LC_MESSAGES" / "messages.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalog = read_po(f, locale=language)
        with out.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=True)
