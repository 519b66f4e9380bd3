"""The shared input layer and the one refusal, as the follow-up, oversight and planning use them: the shared
fields, a form refused with its validator's code (forms.validated), back_to, and every refusal code raised
having its words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from forumsite import refusals
from forumsite.refusals import Refusal, back_to

SOURCE = Path(__file__).resolve().parent.parent / "forumsite"


def _form(app, cls, data):
    with app.test_request_context(method="POST", data=MultiDict(data)):
        app.config["WTF_CSRF_ENABLED"] = False
        form = cls()
        return form, form.validate()


def _code(form) -> str:
    return next(str(e[0]) for e in form.errors.values() if e)


def test_whole_numbers_ids_and_yes(app):
    from forumsite.followup.forms import AdoptionForm, ClauseForm

    form, ok = _form(app, AdoptionForm, [("votes_for", " 9 "), ("against", "0"), ("not_voting", "1"),
                                         ("confirm", "y"), ("confirm_gap", "yes")])
    assert ok and (form.votes_for.data, form.against.data, form.not_voting.data) == (9, 0, 1)
    assert form.confirm.data is True and form.confirm_gap.data is False  # only "y" is a yes
    for bad in ("", "-1", "1.5", "²", "99999999999"):
        form, ok = _form(app, AdoptionForm, [("votes_for", bad), ("against", "0"), ("not_voting", "0")])
        assert not ok and _code(form) == "bad_number", bad
    form, ok = _form(app, ClauseForm, [("selected", "3"), ("selected", "x"), ("selected", "12"), ("text", "  a  ")])
    assert ok and form.selected.data == [3, 12] and form.text.data == "a"


def test_limits_are_the_models_and_a_bad_date_keeps_its_words(app):
    from forumsite.followup.forms import ClauseForm, ReviewMeetingForm
    from forumsite.followup.models import LIMITS, Clause

    assert Clause.__table__.c.owner.type.length == LIMITS["owner"]
    form, ok = _form(app, ClauseForm, [("owner", "x" * LIMITS["owner"])])
    assert ok
    form, ok = _form(app, ClauseForm, [("owner", "x" * (LIMITS["owner"] + 1))])
    assert not ok and _code(form) == "text_too_long"
    form, ok = _form(app, ReviewMeetingForm, [("met_on", "31/2/2026")])
    assert not ok and _code(form) == "bad_date"
    assert str(refusals.MESSAGES["bad_date"]) == "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."


def test_an_invalid_form_is_refused_with_its_words_and_where_to_go_back(app):
    from forumsite.forms import validated
    from forumsite.oversight.forms import PublishForm
    from forumsite.oversight.models import LIMITS

    with app.test_request_context(method="POST", data={"title": "t" * (LIMITS["title"] + 1), "description": "d"}):
        app.config["WTF_CSRF_ENABLED"] = False
        with pytest.raises(Refusal) as refused, back_to("/back#here"):
            validated(PublishForm())
    assert refused.value.status == 422 and refused.value.back == "/back#here"
    assert refused.value.message == "Tên tối đa 200 ký tự, mô tả tối đa 4.000 ký tự."


def test_back_to_fills_in_the_return_page_unless_the_refusal_names_one():
    with pytest.raises(Refusal) as refused, back_to("/page#anchor"):
        raise Refusal("empty")
    assert refused.value.back == "/page#anchor"
    with pytest.raises(Refusal) as refused, back_to("/page"):
        raise Refusal("empty", back="/elsewhere")
    assert refused.value.back == "/elsewhere"


def test_every_code_the_areas_raise_has_its_words(app):
    """A code without registered words would show the code itself to the user."""
    raised = set()
    for path in SOURCE.rglob("*.py"):
        raised |= set(re.findall(r'Refusal\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert {"locked", "model_empty", "forum_moved", "stale", "task_bad_status"} <= raised  # the scan works
    assert not sorted(code for code in raised if code not in refusals.MESSAGES)


def test_followup_codes_differ_from_the_sessions_where_their_words_do():
    from forumsite.followup.messages import ERRORS

    assert {"adoption_impossible_count", "adoption_count_gap", "task_bad_status"} <= set(ERRORS)
    assert not {"impossible_count", "count_gap", "bad_status"} & set(ERRORS)
