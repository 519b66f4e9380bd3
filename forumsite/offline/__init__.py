"""A forum held on a meeting-room laptop without the network (issue 17): the server checks the forum out as
a signed package, the laptop imports it and runs the forum, its record comes back signed and is applied in one
transaction. The file format is in package.py, the checks on it in rules/offline.py."""

from . import views

blueprints = (views.bp,)
