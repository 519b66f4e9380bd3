"""The cell's roll: members, their roles and flags, transfers, the spreadsheet import."""
# The package wires its own routes (microblog, CTFd): importing it imports every view module, so a new
# *_views.py is listed here and nowhere else; create_app registers ``blueprints``.
from . import views

blueprints = (views.bp,)
