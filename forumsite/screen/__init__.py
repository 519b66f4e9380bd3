"""What the room sees: the projector, members' phones, the live stream (SSE)."""
# The package wires its own routes (microblog, CTFd): importing it imports every view module, so a new
# *_views.py is listed here and nowhere else; create_app registers ``blueprints``.
from . import display_views, views  # noqa: F401  (display_views: routes on views.bp)

blueprints = (views.bp,)
