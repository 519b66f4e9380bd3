"""Shared test builders."""

import pytest

from forumsite.extensions import db
from forumsite.planning.models import Forum
from tests.helpers import plan_forum_of_cell_a


@pytest.fixture
def published(app, demo):
    """A published forum of cell A, planned and approved as the chair would."""
    return plan_forum_of_cell_a(app, demo)


@pytest.fixture
def opened(app, published):
    """The published forum, opened, everyone present, with a projector link."""
    from forumsite.meeting import actions

    with app.app_context():
        forum = db.session.get(Forum, published)
        actions.open_forum(forum)
        actions.mark_rest_present(forum)
        forum.display_token = "projector-token-for-the-browser-test"
        db.session.commit()
    return published


