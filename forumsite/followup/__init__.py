"""After the forum: the review and the cell's documents ("followup", under the forum), the cell's tasks
("tasks"), the reports upward as the committee above reads them ("reports") and the cell's document
settings ("cellsettings")."""
# The package wires its own routes (microblog, CTFd): importing it imports every view module, so a new
# *_views.py is listed here and nowhere else; create_app registers ``blueprints``.
from . import cell_views, document_views, report_views, task_views, views  # noqa: F401  (document_views: routes on views.bp)

blueprints = (views.bp, task_views.bp, report_views.bp, cell_views.bp)
