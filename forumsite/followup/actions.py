"""State changes after the forum: the committee's review, clauses, documents, adoption."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..audit.models import actor_name, record
from ..clock import today_local, utcnow
from ..extensions import db
from ..refusals import Refusal
from ..rules import documents as doc_rules
from ..rules import planning as planning_rules
from . import messages  # noqa: F401  (the words of the refusals raised here)
from .models import (
    CellTerm,
    Clause,
    ClauseSource,
    DocumentCorrection,
    DocumentSection,
    PartyDocument,
    Review,
    SectionVersion,
    Task,
    TaskNote,
)


class EditConflict(Exception):
    """Someone saved the section since this editor loaded it: no silent overwrite."""

    def __init__(self, section: DocumentSection, theirs: str, mine: str):
        super().__init__(section.key)
        self.section, self.theirs, self.mine = section, theirs, mine


def _audit(action: str, obj, forum, **details) -> None:
    record(action, obj, organisation_id=forum.cell_id, forum_id=forum.id, **details)


def start_review(forum) -> None:
    """The chi ủy (or, where there is none, the bí thư) takes up the concluded forum."""
    if not planning_rules.can_move(forum.status, "in_review"):
        raise Refusal("not_concluded")
    forum.status = "in_review"
    _audit("forum.review", forum, forum)


def record_review_meeting(forum, met_on: dt.date | None, attendees: str, notes: str) -> Review:
    review = db.session.scalar(sa.select(Review).where(Review.forum_id == forum.id)) or Review(forum_id=forum.id)
    review.met_on, review.attendees, review.notes = met_on, attendees.strip(), notes.strip()
    db.session.add(review)
    _audit("review.meeting", review, forum, met_on=met_on)
    return review


def confirm_related(forum, codes: list[str]) -> None:
    """The chair ticks which manifestations and tasks members really related themselves to."""
    before = list(forum.related_codes or [])
    forum.related_codes = codes
    _audit("forum.related", forum, forum, before=before, after=codes)


def compose_clause(forum, text: str, proposals: list, section: str = "task", owner: str = "",
                   deadline: dt.date | None = None, good_model: bool = False) -> Clause:
    """A clause reworded from ``proposals`` (merged if several): each source stays linked."""
    if not text.strip():
        raise Refusal("empty")
    if section not in ("objective", "task", "model"):
        raise Refusal("bad_section")
    for p in proposals:
        if p.forum_id != forum.id:
            raise Refusal("foreign_proposal")
    last = db.session.scalar(sa.select(sa.func.max(Clause.position)).where(Clause.forum_id == forum.id)) or 0
    clause = Clause(forum_id=forum.id, section=section, text=text.strip(), owner=owner.strip(), deadline=deadline,
                    good_model=good_model or section == "model", position=last + 1)
    # Duplicates merged at the forum into a chosen proposal are sources too: their authors said it as well.
    from ..meeting.models import Proposal

    ids = {p.id for p in proposals}
    merged = db.session.scalars(sa.select(Proposal.id).where(Proposal.merged_into_id.in_(ids or {-1}),
                                                             Proposal.deleted_at.is_(None))).all()
    clause.sources = [ClauseSource(proposal_id=i) for i in sorted(ids | set(merged))]
    db.session.add(clause)
    _audit("clause.compose", clause, forum, sources=[p.id for p in proposals], section=section)
    return clause


def clauses_from_forum_vote(forum) -> list[Clause]:
    """Where the cell decided at the forum (no chi ủy), what it adopted there becomes the resolution's
    clauses: one per item of the chair's selection that passed, grouped by kind, its authors (and those of the
    duplicates merged into it) kept as sources. Called once, as the forum ends and its record freezes."""
    from ..meeting import queries
    from ..rules import decision

    adopted = {p.id: p for p in queries.proposals(forum) if p.adopted}
    listed: list[int] = []
    for t in queries.tallies(forum):
        if t.subject_kind == "tasks" and t.passed and not t.superseded:
            listed += [i for i in t.proposal_ids or [] if i in adopted and i not in listed]
    listed += [i for i in sorted(adopted) if i not in listed]
    return [compose_clause(forum, adopted[pid].plain_text, [adopted[pid]], section)
            for section, pid in decision.clauses_from_vote([(i, adopted[i].kind) for i in listed])]


def edit_clause(forum, clause: Clause, text: str, owner: str, deadline: dt.date | None, good_model: bool) -> None:
    if not text.strip():
        raise Refusal("empty")
    clause.text, clause.owner, clause.deadline, clause.good_model = text.strip(), owner.strip(), deadline, good_model
    _audit("clause.edit", clause, forum)


def remove_clause(forum, clause: Clause) -> None:
    _audit("clause.remove", clause, forum, text=clause.text)
    db.session.delete(clause)


def set_place_name(cell, place: str) -> None:
    """The địa danh of the date line of the cell's documents ("Hải Phú, ngày …")."""
    if place != cell.place_name:
        record("cell.place_name", cell, organisation_id=cell.id, before=cell.place_name, after=place)
        cell.place_name = place


def set_term(cell, starts_on: dt.date, label: str = "") -> CellTerm:
    """A new term of the cell (a congress elected a new leadership): document numbers restart."""
    if any(t.starts_on == starts_on for t in cell.terms):
        raise Refusal("term_exists")
    term = CellTerm(organisation_id=cell.id, starts_on=starts_on, label=label)
    db.session.add(term)
    record("cell.term", term, organisation_id=cell.id, starts_on=starts_on)
    return term


# --- documents ---------------------------------------------------------------------------------------

def create_document(forum, kind: str, sections: list[tuple[str, str, str]]) -> PartyDocument:
    """A draft of ``kind`` with (key, title, text) sections; one draft per kind per forum."""
    existing = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum.id,
                                                                 PartyDocument.kind == kind))
    if existing is not None:
        raise Refusal("already_drafted")
    document = PartyDocument(forum_id=forum.id, organisation_id=forum.cell_id, kind=kind)
    for position, (key, title, text) in enumerate(sections):
        section = DocumentSection(key=key, title=title, position=position, text=text, version=1,
                                  updated_by=actor_name())
        section.versions.append(SectionVersion(version=1, text=text, username=actor_name()))
        document.sections.append(section)
    db.session.add(document)
    _audit("document.draft", document, forum, kind=kind)
    return document


def edit_section(forum, section: DocumentSection, text: str, base_version: int) -> DocumentSection:
    """Save a section if nobody saved it since ``base_version``; otherwise raise EditConflict.

    The update is conditional in SQL, so that two saves arriving together cannot both win."""
    if section.document.locked:
        raise Refusal("locked")
    if text == section.text and base_version == section.version:
        return section
    result = db.session.execute(
        sa.update(DocumentSection).where(DocumentSection.id == section.id, DocumentSection.version == base_version)
        .values(text=text, version=base_version + 1, updated_by=actor_name(), updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.refresh(section)
        raise EditConflict(section, theirs=section.text, mine=text)
    db.session.add(SectionVersion(section_id=section.id, version=base_version + 1, text=text, username=actor_name()))
    db.session.refresh(section)
    _audit("document.section", section, forum, key=section.key, version=section.version)
    return section


def restore_section(forum, section: DocumentSection, version: int) -> DocumentSection:
    old = next((v for v in section.versions if v.version == version), None)
    if old is None:
        raise Refusal("no_version")
    return edit_section(forum, section, old.text, section.version)


def adopt_document(forum, document: PartyDocument, tally=None, on: dt.date | None = None,
                   line: str | None = None) -> PartyDocument:
    """Adopted (NQ) or approved (BB): locked, dated, numbered per kind within the cell's term. ``line``: the
    adoption line when it is not the vote on the document (the cell's vote at the forum, no chi ủy)."""
    if document.locked:
        raise Refusal("locked")
    if document.kind == "NQ" and (tally is None or tally.passed is not True):
        raise Refusal("needs_passed_tally")
    on = on or today_local()
    terms = list(db.session.scalars(sa.select(CellTerm.starts_on).where(CellTerm.organisation_id == forum.cell_id)))
    term = doc_rules.term_start(on, terms)
    numbers = list(db.session.scalars(sa.select(PartyDocument.number).where(
        PartyDocument.organisation_id == forum.cell_id, PartyDocument.kind == document.kind,
        PartyDocument.term_start.is_(None) if term is None else PartyDocument.term_start == term,
        PartyDocument.number.is_not(None))))
    from ..offline.numbering import floor  # a laptop numbers after what the server had numbered

    numbers.append(floor(forum.cell_id, document.kind, term))
    document.number = doc_rules.next_number(numbers)
    document.term_start, document.issued_on, document.status = term, on, doc_rules.ADOPTED
    document.tally_id = tally.id if tally is not None else None
    if tally is not None:
        # The adoption line of the text states the vote: "… với 11/12 đảng viên chính thức tán thành (91,7%)."
        for section in document.sections:
            if section.key == "thong_qua":
                section.text = line or doc_rules.adoption_line(tally.votes_for, tally.eligible)
    if document.kind == "NQ" and planning_rules.can_move(forum.status, "resolution_adopted"):
        forum.status = "resolution_adopted"
    _audit("document.adopt", document, forum, kind=document.kind, number=document.number, term=term)
    if document.kind == "NQ":
        _tasks_from_clauses(forum)
    return document


def correct_section(forum, section: DocumentSection, text: str, reason: str) -> DocumentCorrection:
    """Đính chính: the chair corrects an adopted document, with a reason. The number and the date stay;
    the section gets a new version (every earlier one kept) and the correction is on record for the cell
    and the upper committee."""
    document = section.document
    if not document.locked:
        raise Refusal("not_adopted")
    if not reason.strip():
        raise Refusal("no_reason")
    if text.strip() == section.text.strip():
        raise Refusal("unchanged")
    version = section.version + 1
    section.text, section.version, section.updated_by, section.updated_at = text, version, actor_name(), utcnow()
    db.session.add(SectionVersion(section_id=section.id, version=version, text=text, username=actor_name()))
    correction = DocumentCorrection(document_id=document.id, section_id=section.id, version=version,
                                    reason=reason.strip(), username=actor_name())
    db.session.add(correction)
    db.session.flush()
    _audit("document.correct", document, forum, kind=document.kind, number=document.number, section=section.key,
           version=version, reason=reason.strip())
    return correction


def _tasks_from_clauses(forum) -> list[Task]:
    """Every task clause of the adopted resolution becomes a task to follow up, and so does every good model:
    a model is a result to be built and spread, tracked like the rest (and shown to the upper committee)."""
    clauses = db.session.scalars(sa.select(Clause).where(Clause.forum_id == forum.id,
                                                         sa.or_(Clause.section.in_(("task", "model")),
                                                                Clause.good_model.is_(True)))
                                 .order_by(Clause.position)).all()
    tasks = [Task(organisation_id=forum.cell_id, forum_id=forum.id, clause_id=c.id, text=c.text, owner=c.owner,
                  deadline=c.deadline) for c in clauses]
    db.session.add_all(tasks)
    if tasks:
        _audit("task.create", None, forum, count=len(tasks))
    return tasks


def update_task(task: Task, status: str, note: str, on: dt.date | None = None) -> None:
    """Progress on a task: a note, and done (or reopened)."""
    if status not in ("open", "done"):
        raise Refusal("task_bad_status")
    if note.strip():
        task.notes.append(TaskNote(text=note.strip(), username=actor_name()))
    task.status = status
    task.done_on = (on or today_local()) if status == "done" else None
    record("task.update", task, organisation_id=task.organisation_id, status=status)


def open_tasks(cell_id: int) -> list[Task]:
    return db.session.scalars(sa.select(Task).where(Task.organisation_id == cell_id, Task.status == "open")
                              .order_by(Task.deadline.is_(None), Task.deadline, Task.id)).all()


def record_adoption_vote(forum, subject: str, votes_for: int, against: int, not_voting: int,
                         confirm_gap: bool = False, subject_kind: str = "resolution"):
    """The show of hands that adopts a document at the cell's next meeting (or at the forum).

    Only the hands are typed: the eligible members (R3) and those of them present come from the forum's
    record, never from a form, so that the adoption line states the record's figures (probe F16). Counted
    like any tally: more than half of the eligible members, ties fail (Điều lệ Điều 9.5). A count that
    leaves members out is questioned; confirmed, they are recorded as not voting."""
    from ..meeting import queries
    from ..meeting.models import Tally
    from ..rules import figures as fig
    from ..rules import voting

    figures = queries.figures(forum)
    if min(votes_for, against, not_voting) < 0:
        raise Refusal("adoption_impossible_count")
    not_voting, problems = fig.settle_count(votes_for, against, not_voting, figures.present_voters, confirm_gap)
    if problems:
        raise Refusal("adoption_count_gap" if problems == ["gap"] else "adoption_impossible_count")
    now = utcnow()
    tally = Tally(forum_id=forum.id, subject_kind=subject_kind, subject=subject, method=voting.COUNT_ALL,
                  votes_for=votes_for, votes_against=against, not_voting=not_voting, eligible=figures.eligible,
                  present_voters=figures.present_voters, passed=voting.passes(votes_for, figures.eligible),
                  opened_at=now, closed_at=now)
    db.session.add(tally)
    db.session.flush()
    _audit("tally.adoption", tally, forum, votes_for=votes_for, against=against, not_voting=not_voting,
           eligible=figures.eligible, present_voters=figures.present_voters, passed=tally.passed)
    return tally


def send_report(forum, document: PartyDocument, on: dt.date | None = None) -> PartyDocument:
    """The report (BC) goes to the parent organisation: numbered, locked, awaiting receipt."""
    if document.kind != "BC":
        raise Refusal("not_a_report")
    return adopt_document(forum, document, None, on)


def mark_received(document: PartyDocument, organisation_id: int) -> None:
    if document.status != doc_rules.ADOPTED or document.received_at is not None:
        raise Refusal("not_sent")
    document.received_at, document.received_by = utcnow(), actor_name()
    record("report.receive", document, organisation_id=organisation_id, forum_id=document.forum_id)


def answer_recommendation(proposal, text: str, organisation_id: int):
    """The upper committee answers one kiến nghị; the cell sees the answer."""
    from .models import RecommendationAnswer

    if proposal.kind != "kien_nghi":
        raise Refusal("not_a_recommendation")
    if not text.strip():
        raise Refusal("empty")
    answer = db.session.scalar(sa.select(RecommendationAnswer).where(RecommendationAnswer.proposal_id == proposal.id))
    answer = answer or RecommendationAnswer(proposal_id=proposal.id)
    answer.text, answer.username, answer.at = text.strip(), actor_name(), utcnow()
    db.session.add(answer)
    record("recommendation.answer", answer, organisation_id=organisation_id, proposal_id=proposal.id)
    return answer
