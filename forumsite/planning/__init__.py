"""Plans and forums before the session: the forum, its agenda and its materials (one blueprint)."""
# The package wires its own routes (microblog, CTFd): importing it imports every view module, so a new
# *_views.py is listed here and nowhere else; create_app registers ``blueprints``.
from . import agenda_views, material_views, views  # noqa: F401  (routes on views.bp)

blueprints = (views.bp,)
