"""The live session run from the console; members' own participation (speaking requests)."""
# The package wires its own routes (microblog, CTFd): importing it imports every view module, so a new
# *_views.py is listed here and nowhere else; create_app registers ``blueprints``.
from . import member_views, submission_views, views  # noqa: F401  (submission_views: routes on both)

blueprints = (views.bp, member_views.bp)
