"""The upper committees' view: dashboard, recommendations inbox, good-models gallery, exports (one
blueprint, "oversight"), and the press page ("press", no login)."""
# The package wires its own routes (microblog, CTFd): importing it imports every view module, so a new
# *_views.py is listed here and nowhere else; create_app registers ``blueprints``.
from . import export_views, gallery_views, inbox_views, public_views, views  # noqa: F401  (routes on views.bp)

blueprints = (views.bp, public_views.bp)
