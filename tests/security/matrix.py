"""The access-control matrix, reviewed by hand: for every (endpoint, method), what each actor gets.

Answer classes: "ok" — the handler answered (2xx, a redirect other than to the login page, or a
validation refusal 400/409/422 — the rights check was passed); "login" — sent to the login page (401 for
htmx); "deny" — 403 or 404 (foreign data answers 404 so that its existence is not revealed).

Actors (tests/security/world.py): anon; member, secretary (of the forum), chair of cell A; chair_b (cell B);
overseer (Ban Tuyên giáo, the whole province); other_overseer (another district's subtree); admin;
projector_b (no login, holds the display link of cell B's forum). Display links are credentials by
design: whoever holds the link sees that one screen (test_display_links_are_per_forum checks the scoping).

A new route fails test_every_route_is_in_the_matrix until it is written here.
"""
from __future__ import annotations

ACTOR_ORDER = ("anon", "member", "secretary", "chair", "chair_b", "overseer", "other_overseer", "admin",
               "projector_b")


def _row(*classes: str) -> dict[str, str]:
    return dict(zip(ACTOR_ORDER, classes, strict=True))


#                          anon     member  secretary chair  chair_b  overseer other_ov admin  projector_b
PUBLIC = _row("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok")
TO_LOGIN = _row(*["login"] * 9)  # logout: everyone ends on the login page
ANY_LOGIN = _row("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "login")
# Reading cell A: its members, the levels above it, administrators.
CELL_READER = _row("login", "ok", "ok", "ok", "deny", "ok", "deny", "ok", "login")
# The phone of a member of the cell (request to speak): members only, not even an administrator.
CELL_MEMBER_ONLY = _row("login", "ok", "ok", "ok", "deny", "deny", "deny", "deny", "login")
# Managing cell A (members, planning, follow-up): its chair and administrators.
CELL_CHAIR = _row("login", "deny", "deny", "ok", "deny", "deny", "deny", "ok", "login")
# Running the forum (console, screens, materials): the chair and this forum's secretary.
FORUM_OPERATOR = _row("login", "deny", "ok", "ok", "deny", "deny", "deny", "ok", "login")
# Pages of the chair's own cell (audit trail): every chair reads their own cell's (content checked apart).
ANY_CHAIR_OWN_CELL = _row("login", "deny", "deny", "ok", "ok", "deny", "deny", "ok", "login")
# Oversight of the subtree above cell A.
OVERSEER_OF_SUBTREE = _row("login", "deny", "deny", "deny", "deny", "ok", "deny", "ok", "login")
# Any oversight account (issuing a plan for its own subtree).
ANY_OVERSEER = _row("login", "deny", "deny", "deny", "deny", "ok", "ok", "ok", "login")
# Deciding on a member sent into cell A: its chair, an upper committee over both cells, administrators.
TRANSFER_RECEIVER = _row("login", "deny", "deny", "ok", "deny", "ok", "deny", "ok", "login")
ADMIN_ONLY = _row("login", "deny", "deny", "deny", "deny", "deny", "deny", "ok", "login")
# A display's document pages answer its own token only: the forum's link (and any login) gets 404
# (tests/test_displays.py checks that the display's token gets the page).
DISPLAY_TOKEN_ONLY = _row(*["deny"] * 9)

MATRIX: dict[tuple[str, str], dict[str, str]] = {
    # ANY_LOGIN
    ("accounts.change_password", "GET"): ANY_LOGIN,
    ("accounts.change_password", "POST"): ANY_LOGIN,
    ("catalogue.detail", "GET"): ANY_LOGIN,
    ("catalogue.index", "GET"): ANY_LOGIN,
    ("core.home", "GET"): ANY_LOGIN,
    ("org.tree", "GET"): ANY_LOGIN,
    ("planning.plans", "GET"): ANY_LOGIN,
    # ADMIN_ONLY
    ("accounts.create_user", "GET"): ADMIN_ONLY,
    ("accounts.create_user", "POST"): ADMIN_ONLY,
    ("accounts.edit_user", "GET"): ADMIN_ONLY,
    ("accounts.edit_user", "POST"): ADMIN_ONLY,
    ("accounts.users", "GET"): ADMIN_ONLY,
    ("catalogue.edit", "GET"): ADMIN_ONLY,
    ("catalogue.edit", "POST"): ADMIN_ONLY,
    ("catalogue.export", "GET"): ADMIN_ONLY,
    ("catalogue.import_yaml", "GET"): ADMIN_ONLY,
    ("catalogue.import_yaml", "POST"): ADMIN_ONLY,
    ("org.create", "GET"): ADMIN_ONLY,
    ("org.create", "POST"): ADMIN_ONLY,
    ("org.edit", "GET"): ADMIN_ONLY,
    ("org.edit", "POST"): ADMIN_ONLY,
    ("org.edit_type", "GET"): ADMIN_ONLY,
    ("org.edit_type", "POST"): ADMIN_ONLY,
    ("org.types", "GET"): ADMIN_ONLY,
    ("planning.agenda_template", "GET"): ADMIN_ONLY,
    ("planning.agenda_template", "POST"): ADMIN_ONLY,
    # ANY_CHAIR_OWN_CELL
    ("audit.export", "GET"): ANY_CHAIR_OWN_CELL,
    ("audit.index", "GET"): ANY_CHAIR_OWN_CELL,
    # CELL_READER
    ("followup.document", "GET"): CELL_READER,
    ("followup.export_docx", "GET"): CELL_READER,
    ("followup.export_pdf", "GET"): CELL_READER,
    ("followup.print_document", "GET"): CELL_READER,
    ("members.detail", "GET"): CELL_READER,
    ("members.index", "GET"): CELL_READER,
    ("members.row", "GET"): CELL_READER,
    ("org.children", "GET"): CELL_READER,
    ("org.detail", "GET"): CELL_READER,
    ("planning.download", "GET"): CELL_READER,
    ("planning.forum", "GET"): CELL_READER,
    ("planning.print_pdf", "GET"): CELL_READER,
    ("planning.print_view", "GET"): CELL_READER,
    ("planning.year", "GET"): CELL_READER,
    ("screen.follow", "GET"): CELL_READER,
    ("screen.display_page", "GET"): DISPLAY_TOKEN_ONLY,
    ("screen.pair_form", "GET"): PUBLIC,  # the projector PC types its code here, no login
    ("screen.pair", "POST"): PUBLIC,  # a wrong code answers 422 (rate-limited); a right one leads to one display
    ("screen.short_follow", "GET"): PUBLIC,  # a redirect to screen.follow for any number, which checks
    ("screen.follow_poll", "GET"): CELL_READER,
    ("screen.follow_stream", "GET"): CELL_READER,
    ("tasks.index", "GET"): CELL_READER,
    # CELL_CHAIR
    ("cellsettings.save", "POST"): CELL_CHAIR,
    ("followup.adopt", "POST"): CELL_CHAIR,
    ("followup.approve_minutes", "POST"): CELL_CHAIR,
    ("followup.compose", "POST"): CELL_CHAIR,
    ("followup.correct", "POST"): CELL_CHAIR,
    ("followup.draft", "POST"): CELL_CHAIR,
    ("followup.meeting", "POST"): CELL_CHAIR,
    ("followup.related", "POST"): CELL_CHAIR,
    ("followup.remove_clause", "POST"): CELL_CHAIR,
    ("followup.restore", "POST"): CELL_CHAIR,
    ("followup.review", "GET"): CELL_CHAIR,
    ("followup.save_section", "POST"): CELL_CHAIR,
    ("followup.send_report", "POST"): CELL_CHAIR,
    ("members.create", "GET"): CELL_CHAIR,
    ("members.create", "POST"): CELL_CHAIR,
    ("members.edit", "GET"): CELL_CHAIR,
    ("members.edit", "POST"): CELL_CHAIR,
    ("members.edit_row", "GET"): CELL_CHAIR,
    ("members.edit_row", "POST"): CELL_CHAIR,
    ("members.import_confirm", "POST"): CELL_CHAIR,
    ("members.import_upload", "GET"): CELL_CHAIR,
    ("members.import_upload", "POST"): CELL_CHAIR,
    ("members.cancel_transfer", "POST"): CELL_CHAIR,
    ("members.transfer", "GET"): CELL_CHAIR,
    ("members.transfer", "POST"): CELL_CHAIR,
    # The offline way of working (issue 17): taking the forum to the meeting room, back, and its record.
    ("offline.cancel", "POST"): CELL_CHAIR,
    ("offline.checkin_confirm", "POST"): CELL_CHAIR,
    ("offline.checkin_upload", "POST"): CELL_CHAIR,
    ("offline.checkout", "POST"): CELL_CHAIR,
    ("offline.export_record", "POST"): CELL_CHAIR,
    ("offline.package_again", "POST"): CELL_CHAIR,
    ("planning.add_item", "POST"): CELL_CHAIR,
    ("planning.agenda", "GET"): CELL_CHAIR,
    ("planning.approve", "POST"): CELL_CHAIR,
    ("planning.create_forum", "GET"): CELL_CHAIR,
    ("planning.create_forum", "POST"): CELL_CHAIR,
    ("planning.delete_forum", "POST"): CELL_CHAIR,
    ("planning.edit_forum", "GET"): CELL_CHAIR,
    ("planning.edit_forum", "POST"): CELL_CHAIR,
    ("planning.invite", "POST"): CELL_CHAIR,
    ("planning.move_item", "POST"): CELL_CHAIR,
    ("planning.publish", "POST"): CELL_CHAIR,
    ("planning.remove_item", "POST"): CELL_CHAIR,
    ("planning.reorder", "POST"): CELL_CHAIR,
    ("planning.set_secretary", "POST"): CELL_CHAIR,
    ("planning.uninvite", "POST"): CELL_CHAIR,
    ("planning.unpublish", "POST"): CELL_CHAIR,
    ("planning.update_item", "POST"): CELL_CHAIR,
    ("tasks.update", "POST"): CELL_CHAIR,
    # PUBLIC
    ("accounts.login", "GET"): PUBLIC,
    ("accounts.login", "POST"): PUBLIC,
    ("core.healthz", "GET"): PUBLIC,
    ("core.set_language", "POST"): PUBLIC,
    ("press.models", "GET"): PUBLIC,
    ("screen.projector", "GET"): PUBLIC,
    ("screen.projector_poll", "GET"): PUBLIC,
    ("screen.projector_stream", "GET"): PUBLIC,
    ("static", "GET"): PUBLIC,
    # FORUM_OPERATOR
    ("meeting.accept_submission", "POST"): FORUM_OPERATOR,
    ("meeting.add_speaker", "POST"): FORUM_OPERATOR,
    ("meeting.attendance", "POST"): FORUM_OPERATOR,
    ("meeting.capture", "POST"): FORUM_OPERATOR,
    ("meeting.close_tally", "POST"): FORUM_OPERATOR,
    ("meeting.decline_submission", "POST"): FORUM_OPERATOR,
    ("meeting.conclude", "POST"): FORUM_OPERATOR,
    ("meeting.conclusion", "POST"): FORUM_OPERATOR,
    ("meeting.console", "GET"): FORUM_OPERATOR,
    ("meeting.delete_proposal", "POST"): FORUM_OPERATOR,
    ("meeting.edit_proposal", "GET"): FORUM_OPERATOR,
    ("meeting.edit_proposal", "POST"): FORUM_OPERATOR,
    ("meeting.end_current", "POST"): FORUM_OPERATOR,
    ("meeting.guest_presence", "POST"): FORUM_OPERATOR,
    ("meeting.merge", "POST"): FORUM_OPERATOR,
    ("meeting.merge_submission", "POST"): FORUM_OPERATOR,
    ("meeting.next_speaker", "POST"): FORUM_OPERATOR,
    ("meeting.open_forum", "POST"): FORUM_OPERATOR,
    ("meeting.open_tally", "POST"): FORUM_OPERATOR,
    ("meeting.pause_current", "POST"): FORUM_OPERATOR,
    ("meeting.poll", "GET"): FORUM_OPERATOR,
    ("meeting.region", "GET"): FORUM_OPERATOR,
    ("meeting.rest_present", "POST"): FORUM_OPERATOR,
    ("meeting.speaker_verb", "POST"): FORUM_OPERATOR,
    ("meeting.speaking_limit", "POST"): FORUM_OPERATOR,
    ("meeting.start_item", "POST"): FORUM_OPERATOR,
    ("meeting.step", "POST"): FORUM_OPERATOR,
    ("meeting.step_item", "POST"): FORUM_OPERATOR,
    ("meeting.stream", "GET"): FORUM_OPERATOR,
    ("meeting.tally_verb", "POST"): FORUM_OPERATOR,
    ("planning.remove_document", "POST"): FORUM_OPERATOR,
    ("planning.upload", "POST"): FORUM_OPERATOR,
    ("screen.disconnect_display", "POST"): FORUM_OPERATOR,
    ("screen.identify_displays", "POST"): FORUM_OPERATOR,
    ("screen.new_link", "POST"): FORUM_OPERATOR,
    ("screen.overlay", "POST"): FORUM_OPERATOR,
    ("screen.pairing_code", "POST"): FORUM_OPERATOR,
    ("screen.rename_display", "POST"): FORUM_OPERATOR,
    ("screen.revoke_link", "POST"): FORUM_OPERATOR,
    ("screen.show_on_display", "POST"): FORUM_OPERATOR,
    ("screen.turn_page", "POST"): FORUM_OPERATOR,
    # CELL_MEMBER_ONLY
    ("participation.mine", "GET"): CELL_MEMBER_ONLY,
    ("participation.request_to_speak", "POST"): CELL_MEMBER_ONLY,
    ("participation.status", "GET"): CELL_MEMBER_ONLY,
    ("participation.submit_written", "POST"): CELL_MEMBER_ONLY,
    ("participation.withdraw", "POST"): CELL_MEMBER_ONLY,
    # TO_LOGIN
    ("accounts.logout", "POST"): TO_LOGIN,
    # OVERSEER_OF_SUBTREE
    ("oversight.answer", "POST"): OVERSEER_OF_SUBTREE,
    ("oversight.dashboard", "GET"): OVERSEER_OF_SUBTREE,
    ("oversight.export_xlsx", "GET"): OVERSEER_OF_SUBTREE,
    ("oversight.gallery", "GET"): OVERSEER_OF_SUBTREE,
    ("oversight.publish", "POST"): OVERSEER_OF_SUBTREE,
    ("oversight.recommendations", "GET"): OVERSEER_OF_SUBTREE,
    ("oversight.synthesis", "GET"): OVERSEER_OF_SUBTREE,
    ("oversight.synthesis_docx", "GET"): OVERSEER_OF_SUBTREE,
    ("oversight.toggle_public", "POST"): OVERSEER_OF_SUBTREE,
    ("oversight.unpublish", "POST"): OVERSEER_OF_SUBTREE,
    ("planning.edit_plan", "GET"): OVERSEER_OF_SUBTREE,
    ("planning.edit_plan", "POST"): OVERSEER_OF_SUBTREE,
    ("reports.answer", "POST"): OVERSEER_OF_SUBTREE,
    ("reports.inbox", "GET"): OVERSEER_OF_SUBTREE,
    ("reports.received", "POST"): OVERSEER_OF_SUBTREE,
    # TRANSFER_RECEIVER
    ("members.accept_transfer", "POST"): TRANSFER_RECEIVER,
    ("members.decline_transfer", "POST"): TRANSFER_RECEIVER,
    # ANY_OVERSEER
    ("planning.create_plan", "GET"): ANY_OVERSEER,
    ("planning.create_plan", "POST"): ANY_OVERSEER,}
