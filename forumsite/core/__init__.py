"""The home page and what belongs to no area."""
# The package wires its own routes (microblog, CTFd): importing it imports every view module, so a new
# *_views.py is listed here and nowhere else; create_app registers ``blueprints``.
from . import views

blueprints = (views.bp,)
