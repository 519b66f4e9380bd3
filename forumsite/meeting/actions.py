"""Every state change of the live session is one named function here: it checks the state it needs,
changes it, writes the audit entry and marks the screens' regions changed (published after commit).
Permissions are checked by the views before they call these."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..audit.models import record
from ..clock import utcnow
from ..extensions import db
from ..followup.models import RecommendationAnswer
from ..live import changed
from ..refusals import Refusal
from ..rules import planning as planning_rules
from ..rules import voting
from . import capture, messages, queries  # noqa: F401  (messages: the words for the codes refused here)
from .models import Attendance, Proposal, Reservation, Speaker, Submission, Tally


def _audit(action: str, obj, forum, **details) -> None:
    record(action, obj, organisation_id=forum.cell_id, forum_id=forum.id, **details)


def _require_live(forum) -> None:
    if forum.status != "in_session":
        raise Refusal("not_in_session")


# Once the chair concludes, the session record (attendance, speeches, proposals, tallies and reserved
# opinions, guests, documents) is what the minutes, the resolution and the upper committee rely on: it is
# frozen from then on. The committee's review (clauses, good models) lives in the follow-up and goes on.
RECORD_FROZEN = planning_rules.HELD


def require_open_record(forum) -> None:
    """The one check every change of a forum's session record passes (the console's and the planning
    page's loaders call it for each POST). A forum held on a meeting-room laptop is changed there only."""
    from ..offline.actions import require_here

    require_here(forum)
    if forum.status in RECORD_FROZEN:
        raise Refusal("record_closed")


def _require_unanswered(*proposals) -> None:
    """An upper unit's answer stands under the text it answered: that proposal is no longer edited,
    deleted or merged away."""
    ids = [p.id for p in proposals if p.id is not None]
    if ids and db.session.scalar(sa.select(sa.func.count(RecommendationAnswer.id))
                                 .where(RecommendationAnswer.proposal_id.in_(ids))):
        raise Refusal("answered")


# --- opening -----------------------------------------------------------------------------------------

def open_forum(forum, now: dt.datetime | None = None, confirmed: tuple[str, ...] = ()) -> None:
    """The chair opens the forum: the published forum goes into session and its first item starts.

    ``confirmed``: the opening checks (rules.opening) the operator was shown and opened anyway; the
    audit keeps them, so that a forum opened on the wrong day says who decided it."""
    if not planning_rules.can_move(forum.status, "in_session"):
        raise Refusal("not_published")
    forum.status = "in_session"
    forum.opened_at = now or utcnow()
    if forum.agenda:
        _start(forum, forum.agenda[0], forum.opened_at)
    if confirmed:
        _audit("forum.open", forum, forum, confirmed=list(confirmed))
    else:
        _audit("forum.open", forum, forum)
    changed(forum, "all")


def complete_step(forum, step: str, done: bool = True) -> None:
    """One step of the opening (HD 12): reason, guests, secretary, attendance, programme."""
    _require_live(forum)
    steps = [s for s in (forum.opening_steps or []) if s != step]
    if done:
        steps.append(step)
    forum.opening_steps = steps
    _audit("forum.opening_step", forum, forum, step=step, done=done)
    changed(forum, "opening")


# --- attendance --------------------------------------------------------------------------------------

# What an attendance mark changes on the console: the roll, the opening's "present" count, who may be
# added as a speaker, and the tally's eligible and present figures.
ATTENDANCE_REGIONS = ("attendance", "opening", "speakers", "tally")

# Takes a mark back: the member is "not marked" again (a slip of the mouse is undone, not overwritten).
UNMARKED = "unmarked"
ABSENT_STATUSES = frozenset(voting.ATTENDANCE_STATUSES) - voting.PRESENT_STATUSES


def mark_attendance(forum, member, status: str, reason: str = "") -> Attendance | None:
    """Mark one member. A reason goes with an absence only: a reason never makes a member present."""
    if forum.status not in planning_rules.ROLL_OPEN:
        raise Refusal("not_in_session")
    if status not in voting.ATTENDANCE_STATUSES and status != UNMARKED:
        raise Refusal("bad_attendance")
    if member.cell_id != forum.cell_id:
        raise Refusal("not_member")
    reason = reason.strip()
    if reason and status not in ABSENT_STATUSES:
        raise Refusal("reason_not_absent")
    mark = db.session.scalar(sa.select(Attendance).where(Attendance.forum_id == forum.id,
                                                         Attendance.member_id == member.id))
    if status == UNMARKED:
        if mark is None:
            return None
        _audit("attendance.mark", mark, forum, member_id=member.id, status=status, before=mark.status)
        db.session.delete(mark)
        changed(forum, *ATTENDANCE_REGIONS)
        return None
    if mark is None:
        mark = Attendance(forum_id=forum.id, member_id=member.id, status=status)
        db.session.add(mark)
    mark.status, mark.reason, mark.marked_at = status, reason, utcnow()
    _audit("attendance.mark", mark, forum, member_id=member.id, status=status, reason=reason)
    changed(forum, *ATTENDANCE_REGIONS)
    return mark


def mark_rest_present(forum) -> int:
    """Everyone not yet marked is present: the usual case, one keystroke."""
    count = 0
    for member, mark in queries.roll(forum):
        if mark is None and not member.suspended:
            mark_attendance(forum, member, "present")
            count += 1
    return count


def set_guest_present(forum, guest, present: bool) -> None:
    guest.present = present
    _audit("guest.presence", guest, forum, present=present)
    changed(forum, "attendance", "speakers")  # a guest present may be added as a speaker


# --- agenda progress ---------------------------------------------------------------------------------

def _start(forum, item, now) -> None:
    current = forum.current_item
    if current is not None and current is not item and current.ended_at is None:
        current.ended_at = now
    if item.started_at is None:
        item.started_at = now
    item.ended_at = None
    forum.current_item = item


def start_item(forum, item) -> None:
    _require_live(forum)
    if item.forum_id != forum.id:
        raise Refusal("not_found")
    _start(forum, item, utcnow())
    _audit("agenda.start", item, forum, title=item.title)
    changed(forum, "agenda", "speakers")


def step_item(forum, offset: int) -> None:
    """Next (+1) or back (−1) along the agenda."""
    _require_live(forum)
    items = list(forum.agenda)
    if not items:
        raise Refusal("no_agenda")
    index = items.index(forum.current_item) if forum.current_item in items else -1
    target = index + offset
    if not 0 <= target < len(items):
        raise Refusal("agenda_edge")
    start_item(forum, items[target])


# --- speakers ----------------------------------------------------------------------------------------

def add_speaker(forum, *, member=None, guest=None, name: str = "", requested: bool = False) -> Speaker:
    _require_live(forum)
    label = member.full_name if member else guest.name if guest else " ".join(name.split())
    if not label:
        raise Refusal("no_name")
    waiting = db.session.scalar(sa.select(Speaker).where(
        Speaker.forum_id == forum.id, Speaker.end_time.is_(None), Speaker.begin_time.is_(None),
        Speaker.member_id == member.id if member else Speaker.name == label))
    if waiting is not None:
        raise Refusal("already_waiting")
    last = db.session.scalar(sa.select(sa.func.max(Speaker.weight)).where(Speaker.forum_id == forum.id)) or 0
    speaker = Speaker(forum_id=forum.id, member_id=member.id if member else None,
                      guest_id=guest.id if guest else None, name=label, weight=last + 1, requested=requested,
                      limit_seconds=forum.speaking_limit, agenda_item_id=forum.current_item_id)
    db.session.add(speaker)
    _audit("speaker.add", speaker, forum, name=label, requested=requested)
    changed(forum, "speakers")
    return speaker


def withdraw_speaker(forum, speaker) -> None:
    """Off the list before speaking (a member withdraws a request, or the secretary removes a line)."""
    if speaker.state != "waiting":
        raise Refusal("already_spoke")
    _audit("speaker.withdraw", speaker, forum, name=speaker.name)
    db.session.delete(speaker)
    changed(forum, "speakers")


def move_speaker(forum, speaker, offset: int) -> None:
    waiting = [s for s in queries.speakers(forum) if s.state == "waiting"]
    if speaker not in waiting:
        raise Refusal("already_spoke")
    index = waiting.index(speaker)
    target = min(max(index + offset, 0), len(waiting) - 1)
    waiting.insert(target, waiting.pop(index))
    base = min(s.weight for s in waiting)
    for i, s in enumerate(waiting):
        s.weight = base + i
    _audit("speaker.move", speaker, forum, offset=offset)
    changed(forum, "speakers")


def start_speech(forum, speaker=None) -> Speaker:
    """Start the given speaker, or the next one waiting; whoever was speaking ends first.

    The update is conditional on the speaker not having begun, so that two operators pressing
    at once start the speech once."""
    _require_live(forum)
    speakers = queries.speakers(forum)
    if speaker is None:
        speaker = next((s for s in speakers if s.state == "waiting"), None)
        if speaker is None:
            raise Refusal("queue_empty")
    if speaker.state != "waiting":
        raise Refusal("already_spoke")
    now = utcnow()
    current = queries.current_speaker(speakers)
    if current is not None:
        _end(current, now)
    result = db.session.execute(sa.update(Speaker).where(Speaker.id == speaker.id, Speaker.begin_time.is_(None))
                                .values(begin_time=now, agenda_item_id=forum.current_item_id or speaker.agenda_item_id)
                                .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Refusal("already_spoke")
    db.session.refresh(speaker)
    _audit("speaker.start", speaker, forum, name=speaker.name)
    changed(forum, "speakers")
    return speaker


def start_next(forum, expected_id: int | None = None) -> Speaker:
    """Start the next one waiting. ``expected_id`` is who the operator saw at the head of the queue:
    when a second operator has moved on meanwhile, refuse rather than cut the next speech short."""
    waiting = next((s for s in queries.speakers(forum) if s.state == "waiting"), None)
    if waiting is None:
        raise Refusal("queue_empty")
    if expected_id is not None and waiting.id != expected_id:
        raise Refusal("speakers_changed")
    return start_speech(forum, waiting)


def _end(speaker, now) -> None:
    if speaker.pause_time is not None:
        speaker.paused_seconds += int((now - speaker.pause_time).total_seconds())
        speaker.pause_time = None
    speaker.end_time = now


def pause_speech(forum, speaker) -> None:
    if speaker.state != "speaking":
        raise Refusal("not_speaking")
    speaker.pause_time = utcnow()
    _audit("speaker.pause", speaker, forum)
    changed(forum, "speakers")


def resume_speech(forum, speaker) -> None:
    if speaker.state != "paused":
        raise Refusal("not_paused")
    now = utcnow()
    speaker.paused_seconds += int((now - speaker.pause_time).total_seconds())
    speaker.pause_time = None
    _audit("speaker.resume", speaker, forum)
    changed(forum, "speakers")


def end_speech(forum, speaker) -> None:
    if speaker.state not in ("speaking", "paused"):
        raise Refusal("not_speaking")
    _end(speaker, utcnow())
    _audit("speaker.end", speaker, forum, seconds=speaker.spoken_seconds())
    changed(forum, "speakers")


def readd_speaker(forum, speaker) -> Speaker:
    """The last speaker asks again: back at the head of the queue."""
    _require_live(forum)
    first = db.session.scalar(sa.select(sa.func.min(Speaker.weight)).where(Speaker.forum_id == forum.id)) or 0
    again = Speaker(forum_id=forum.id, member_id=speaker.member_id, guest_id=speaker.guest_id, name=speaker.name,
                    weight=first - 1, limit_seconds=forum.speaking_limit, agenda_item_id=forum.current_item_id)
    db.session.add(again)
    _audit("speaker.readd", again, forum, name=speaker.name)
    changed(forum, "speakers")
    return again


def note_speech(forum, speaker, note: str, codes: list[str]) -> None:
    speaker.note, speaker.codes = note.strip(), codes
    _audit("speaker.note", speaker, forum, codes=codes)
    changed(forum, "speakers")


def set_speaking_limit(forum, seconds: int) -> None:
    if not 30 <= seconds <= 3600:
        raise Refusal("bad_limit")
    forum.speaking_limit = seconds
    for s in queries.speakers(forum):
        if s.state == "waiting":
            s.limit_seconds = seconds
    _audit("forum.speaking_limit", forum, forum, seconds=seconds)
    changed(forum, "speakers")


# --- proposals ---------------------------------------------------------------------------------------

def capture_proposal(forum, key: str, line: str, kind: str, known_codes, speaker=None,
                     author=None) -> tuple[Proposal, bool]:
    """Keep one captured line. The same idempotency key twice returns the first proposal, unchanged.
    ``author`` (member, guest, name typed): who said it, named in the line ("@…:") rather than speaking."""
    _require_live(forum)
    existing = db.session.scalar(sa.select(Proposal).where(Proposal.forum_id == forum.id,
                                                           Proposal.idempotency_key == key))
    if existing is not None:
        return existing, False
    kind, text, codes = capture.parse(line, kind, known_codes)
    if not text:
        raise Refusal("empty")
    if speaker is None:
        speaker = queries.current_speaker(queries.speakers(forum))
    proposal = Proposal(forum_id=forum.id, idempotency_key=key, kind=kind, text=text, codes=codes,
                        agenda_item_id=forum.current_item_id, speaker_id=speaker.id if speaker else None,
                        author_member_id=speaker.member_id if speaker else None,
                        author_name=speaker.name if speaker else "")
    if author is not None:
        member, guest, typed = author
        proposal.speaker_id = None
        proposal.author_member_id = member.id if member else None
        proposal.author_name = (member.full_name if member else guest.name if guest else typed)[:120]
    db.session.add(proposal)
    _audit("proposal.capture", proposal, forum, kind=kind, codes=codes, text=text)
    changed(forum, "proposals")
    return proposal, True


def edit_proposal(forum, proposal, line: str, kind: str, known_codes, author=None) -> None:
    _require_unanswered(proposal)
    kind, text, codes = capture.parse(line, kind, known_codes)
    if not text:
        raise Refusal("empty")
    before = {"text": proposal.text, "kind": proposal.kind, "codes": proposal.codes}
    proposal.text, proposal.kind, proposal.codes, proposal.edited_at = text, kind, codes, utcnow()
    if author is not None:
        proposal.author_member_id, proposal.author_name = author.id, author.full_name
    _audit("proposal.edit", proposal, forum, before=before, after={"text": text, "kind": kind, "codes": codes})
    changed(forum, "proposals")


def delete_proposal(forum, proposal) -> None:
    """Hidden, not erased: the text stays in the audit trail and in the database."""
    _require_unanswered(proposal)
    proposal.deleted_at = utcnow()
    _audit("proposal.delete", proposal, forum, text=proposal.text)
    changed(forum, "proposals")


def merge_proposals(forum, target, duplicates: list) -> None:
    """Duplicates point at the proposal they repeat; their authors remain on record."""
    for p in duplicates:
        if p.id == target.id or p.forum_id != forum.id:
            raise Refusal("bad_merge")
    # A duplicate leaves the upper unit's inbox: not one it has answered.
    _require_unanswered(*duplicates)
    for p in duplicates:
        p.merged_into_id = target.id
    _audit("proposal.merge", target, forum, merged=[p.id for p in duplicates])
    changed(forum, "proposals")


# --- show of hands -----------------------------------------------------------------------------------

def open_tally(forum, subject_kind: str, subject: str, proposal_ids: list[int] | None = None,
               method: str = voting.COUNT_ALL, supersedes=None, reason: str = "") -> Tally:
    _require_live(forum)
    if queries.open_tally(forum) is not None:
        raise Refusal("tally_open")
    if method not in voting.TALLY_METHODS:
        raise Refusal("bad_method")
    tally = Tally(forum_id=forum.id, subject_kind=subject_kind, subject=subject.strip(),
                  proposal_ids=proposal_ids or [], method=method,
                  supersedes_id=supersedes.id if supersedes else None, correction_reason=reason)
    db.session.add(tally)
    _audit("tally.open", tally, forum, subject=subject, method=method, supersedes=tally.supersedes_id)
    changed(forum, "tally")
    return tally


def close_tally(forum, tally, votes_for: int | None, against: int, not_voting: int,
                confirm_gap: bool = False) -> Tally:
    """Record the count; the electorate is snapshotted now and the verdict follows Điều lệ Điều 9.5.

    A count that leaves some of the voters in the room out is questioned (issue 14): the secretary corrects
    it, or confirms that those members did not vote and they are recorded as not voting."""
    if not tally.is_open:
        raise Refusal("tally_closed")
    vs, _statuses = queries.voters(forum)
    electorate = voting.present_voter_ids(vs)
    eligible = voting.eligible_count(vs)
    if tally.method == "count_minority":
        votes_for = voting.for_by_minority(len(electorate), against, not_voting)
    if votes_for is None:
        raise Refusal("missing_for")
    from ..rules.figures import settle_count

    not_voting, problems = settle_count(votes_for, against, not_voting, len(electorate), confirm_gap)
    if problems:
        raise Refusal("votes_gap" if problems == ["gap"] else "impossible_votes")
    now = utcnow()
    passed = voting.passes(votes_for, eligible)
    # Conditional on still being open: of two operators closing at once, one wins, one is told.
    result = db.session.execute(sa.update(Tally).where(Tally.id == tally.id, Tally.closed_at.is_(None)).values(
        votes_for=votes_for, votes_against=against, not_voting=not_voting, eligible=eligible,
        present_voters=len(electorate), electorate=electorate, passed=passed, closed_at=now)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Refusal("tally_closed")
    db.session.refresh(tally)
    if tally.supersedes_id:
        superseded = db.session.get(Tally, tally.supersedes_id)
        superseded.superseded = True
    if tally.subject_kind == "tasks":
        for p in db.session.scalars(sa.select(Proposal).where(Proposal.id.in_(tally.proposal_ids or [-1]))):
            p.adopted = passed
    _audit("tally.close", tally, forum, votes_for=votes_for, against=against, not_voting=not_voting,
           eligible=eligible, passed=passed)
    changed(forum, "tally", "proposals", "conclusion")
    return tally


def cancel_tally(forum, tally) -> None:
    """An open tally opened by mistake: gone before any count was recorded."""
    if not tally.is_open:
        raise Refusal("tally_closed")
    _audit("tally.cancel", tally, forum, subject=tally.subject)
    db.session.delete(tally)
    changed(forum, "tally")


def correct_tally(forum, tally, reason: str) -> Tally:
    """A closed tally is never edited: a new one is opened to supersede it."""
    if tally.is_open or tally.superseded:
        raise Refusal("cannot_correct")
    if not reason.strip():
        raise Refusal("reason_required")
    return open_tally(forum, tally.subject_kind, tally.subject, tally.proposal_ids, tally.method,
                      supersedes=tally, reason=reason.strip())


def reserve_opinion(forum, tally, member, text: str) -> Reservation:
    if tally.is_open:
        raise Refusal("tally_open")
    if not text.strip():
        raise Refusal("empty")
    reservation = Reservation(tally=tally, member_id=member.id if member else None,
                              author_name=member.full_name if member else "", text=text.strip())
    db.session.add(reservation)
    _audit("tally.reserve", reservation, forum, member_id=reservation.member_id)
    changed(forum, "tally")
    return reservation


# --- conclusion --------------------------------------------------------------------------------------

def save_conclusion(forum, text: str) -> None:
    _require_live(forum)
    forum.conclusion = text.strip()
    _audit("forum.conclusion", forum, forum, length=len(forum.conclusion))
    changed(forum, "conclusion")


def conclude(forum) -> None:
    """The chair closes the forum: the running speech and item end, the record is complete."""
    _require_live(forum)
    if queries.open_tally(forum) is not None:
        raise Refusal("tally_open")
    now = utcnow()
    current = queries.current_speaker(queries.speakers(forum))
    if current is not None:
        _end(current, now)
    if forum.current_item is not None and forum.current_item.ended_at is None:
        forum.current_item.ended_at = now
    forum.status = "concluded"
    forum.concluded_at = now
    _audit("forum.conclude", forum, forum)
    from ..rules.decision import decided_at_forum

    if decided_at_forum(forum.cell.decision_path):
        from ..followup.actions import clauses_from_forum_vote

        clauses_from_forum_vote(forum)
    changed(forum, "all")


# --- written proposals from the phones (issue 16.6) --------------------------------------------------
# Refused with forumsite.refusals.Refusal (words in messages.SUBMISSION_ERRORS): the one refusal of every area.

def _require_submissions_open(forum) -> None:
    if forum.status in RECORD_FROZEN:
        raise Refusal("record_closed")
    if forum.status not in planning_rules.ROLL_OPEN:
        raise Refusal("submission_closed", status=409)


def submit_written(forum, member, text: str, kind: str, codes: list[str]) -> Submission:
    """A member sends a written proposal from a phone: it waits on the secretary's console."""
    from ..refusals import Refusal
    from .labels import KIND_LABELS
    from .models import SUBMISSION_MAX, SUBMISSION_MAX_CODES

    _require_submissions_open(forum)
    if member.cell_id != forum.cell_id or member.suspended:
        raise Refusal("not_member", status=403)
    text = text.strip()
    if not text:
        raise Refusal("submission_empty")
    if len(text) > SUBMISSION_MAX:
        raise Refusal("submission_too_long")
    if kind not in KIND_LABELS:
        raise Refusal("submission_kind")
    codes = list(dict.fromkeys(codes))[:SUBMISSION_MAX_CODES]
    submission = Submission(forum_id=forum.id, member_id=member.id, text=text, kind=kind, codes=codes,
                            state="pending")
    db.session.add(submission)
    _audit("submission.send", submission, forum, member_id=member.id, kind=kind, codes=codes, text=text)
    changed(forum, "submissions")
    return submission


def _require_pending(forum, submission) -> None:
    if forum.status in RECORD_FROZEN:
        raise Refusal("record_closed")
    if submission.state != "pending":
        raise Refusal("submission_decided", status=409)


def accept_submission(forum, submission) -> Proposal:
    """The secretary takes the member's words as a proposal of the current item, authored by the member: it
    counts, is projected and reaches the review and the minutes like one typed at the console."""
    _require_pending(forum, submission)
    if forum.status != "in_session":
        raise Refusal("not_in_session")
    member = submission.member
    proposal = Proposal(forum_id=forum.id, idempotency_key=f"submission-{submission.id}", kind=submission.kind,
                        text=submission.text, codes=list(submission.codes or []),
                        agenda_item_id=forum.current_item_id, author_member_id=member.id,
                        author_name=member.full_name)
    db.session.add(proposal)
    db.session.flush()
    submission.state, submission.proposal_id, submission.decided_at = "accepted", proposal.id, utcnow()
    _audit("submission.accept", submission, forum, member_id=member.id, proposal_id=proposal.id)
    changed(forum, "submissions", "proposals")
    return proposal


def merge_submission(forum, submission, target) -> None:
    """The same idea was said already: the member's words are added to that proposal (its codes too), and
    the member is on record beside it as a merged duplicate, as duplicates merged at the console are."""
    _require_pending(forum, submission)
    if forum.status != "in_session":
        raise Refusal("not_in_session")
    if target.forum_id != forum.id or not target.live:
        raise Refusal("merge_target")
    _require_unanswered(target)
    member = submission.member
    target.text = f"{target.text}\n{submission.text}"
    target.codes = list(dict.fromkeys([*(target.codes or []), *(submission.codes or [])]))
    target.edited_at = utcnow()
    credit = Proposal(forum_id=forum.id, idempotency_key=f"submission-{submission.id}", kind=submission.kind,
                      text=submission.text, codes=list(submission.codes or []), agenda_item_id=target.agenda_item_id,
                      author_member_id=member.id, author_name=member.full_name, merged_into_id=target.id)
    db.session.add(credit)
    submission.state, submission.proposal_id, submission.decided_at = "merged", target.id, utcnow()
    _audit("submission.merge", submission, forum, member_id=member.id, proposal_id=target.id)
    changed(forum, "submissions", "proposals")


def decline_submission(forum, submission, reason: str) -> None:
    """Not taken: the member reads why on the phone."""
    _require_pending(forum, submission)
    reason = " ".join(reason.split())
    if not reason:
        raise Refusal("decline_reason")
    # The reason is as long as the form lets it (DECLINE_REASON_MAX).
    submission.state, submission.reason, submission.decided_at = "declined", reason, utcnow()
    _audit("submission.decline", submission, forum, member_id=submission.member_id, reason=submission.reason)
    changed(forum, "submissions")
