"""The draft resolution, written from what the forum actually produced (document_format.md §8)."""
from __future__ import annotations

import re

import sqlalchemy as sa

from ..catalogue.models import CatalogueItem
from ..extensions import db
from ..meeting import queries
from ..rules import figures as fig
from ..vn import format_date
from .models import Clause

# Group 3 of the 27 manifestations: "tự diễn biến", "tự chuyển hóa" (BH19–BH27).
GROUP_THREE = "C_TDB_TCH"


# --- sentence mechanics (document_format.md §8): how a clerk closes lines, letters sub-items and leaves out
# empty phrases. Kept apart from the wording of who acts, so that one can change without the other.

# a) b) c) … in the order of the Vietnamese alphabet (đ after d; no f, j, w, z), as documents letter sub-items.
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
           "x", "y")
# The lines of a section that are headings, not sentences: they take no closing punctuation.
HEADINGS = ("1. Mục tiêu", "2. Nhiệm vụ, giải pháp", "3. Mô hình hay cần nhân rộng")
COLLECTIVES = ("toàn thể", "tất cả", "các ")
_TRAILING = re.compile(r"(?:\s|[.;,:…]|\.\.\.)+$")


def bare(text: str) -> str:
    """One item's words on one line, without the marks it ended with (the list decides those)."""
    lines = [" ".join(line.split()).removeprefix("- ").strip() for line in (text or "").splitlines()]
    parts: list[str] = []
    for line in (ln for ln in lines if ln):
        if parts and parts[-1].endswith(":"):
            parts[-1] += " " + _TRAILING.sub("", line)
        else:
            parts.append(_TRAILING.sub("", line) if not line.endswith(":") else line)
    return _TRAILING.sub("", "; ".join(parts))


def sentence(text: str) -> str:
    """The text as one sentence closed by a full stop (a question or exclamation keeps its own mark)."""
    words = bare(text)
    return words if words[-1:] in ("?", "!") else words + "." if words else ""


def listed(items: list[str], marker: str = "- ") -> list[str]:
    """A list as a Party document writes it: each item ends with ";", the last with "."."""
    words = [w for w in (bare(i) for i in items) if w]
    return [f"{marker}{w}{'.' if n == len(words) else ';'}" for n, w in enumerate(words, 1)]


def letter(index: int) -> str:
    """a, b, c … for the 1st, 2nd, 3rd sub-item; aa, ab … past the alphabet."""
    head, tail = divmod(index, len(LETTERS))
    return (LETTERS[head - 1] if head else "") + LETTERS[tail]


def lettered(items: list[str]) -> list[str]:
    """Sub-items a) b) c), closed like any list."""
    words = [w for w in (bare(i) for i in items) if w]
    return [f"{letter(n)}) {w}{'.' if n == len(words) - 1 else ';'}" for n, w in enumerate(words)]


def numbered(items: list[str]) -> list[str]:
    words = [w for w in (bare(i) for i in items) if w]
    return [f"{n}. {w}{'.' if n == len(words) else ';'}" for n, w in enumerate(words, 1)]


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def refer(kind: str, labels: list[str]) -> str:
    """'nhiệm vụ a), c)': the items by their letters, never their text (section III)."""
    return f"{kind} " + ", ".join(f"{label})" for label in labels)


def codes_discussed(forum) -> list[str]:
    """The catalogue codes tagged on the forum's proposals and speeches, in catalogue order."""
    codes = {c for p in queries.proposals(forum) for c in p.codes or []}
    codes |= {c for s in queries.speakers(forum) for c in s.codes or []}
    return sorted(codes, key=lambda c: (c[:2], int(c[2:]) if c[2:].isdigit() else 0, c))


def group_three() -> set[str]:
    return set(db.session.scalars(sa.select(CatalogueItem.code).where(CatalogueItem.group_code == GROUP_THREE)))


def _related_sentence(forum, subjects: dict[str, str]) -> str | None:
    """Members related themselves only to what the chair confirmed, named by wording, never by code."""
    confirmed = [c for c in forum.related_codes or [] if c in subjects]
    manifestations = [subjects[c] for c in confirmed if c.startswith("BH")]
    tasks = [subjects[c] for c in confirmed if not c.startswith("BH")]
    parts = []
    if manifestations:
        parts.append("các biểu hiện: " + "; ".join(bare(s[:1].lower() + s[1:]) for s in manifestations))
    if tasks:
        parts.append("các nhiệm vụ: " + "; ".join(bare(s[:1].lower() + s[1:]) for s in tasks))
    return "Đảng viên đã liên hệ bản thân và chi bộ với " + "; ".join(parts) + "." if parts else None


def _guests_phrase(forum) -> str:
    """', cùng 2 đại biểu khách mời' — nothing when no guest came (never '0 đại biểu')."""
    guests = sum(1 for g in forum.guests if g.present)
    return f", cùng {guests} đại biểu khách mời" if guests else ""


def _speeches_sentences(stats: dict, proposals: int) -> list[str]:
    """The speeches and proposals, or nothing of what did not happen (no '0 lượt', no '0 ý kiến')."""
    out = []
    if stats["speeches"]:
        out.append(f"Có {stats['speeches']} lượt phát biểu của {stats['speakers']} người; {stats['members_spoke']}/"
                   f"{stats['present']} đảng viên có mặt đã phát biểu.")
    if proposals:
        out.append(f"Diễn đàn ghi nhận {proposals} ý kiến.")
    return out


def _assignments(tasks: list, models: list, unassigned: str = "chi ủy phân công") -> list[str]:
    """Section III: who carries out which item of section II and by when, referring to the items by their
    letters (never copying their text), one line per owner and deadline."""
    groups: dict[tuple[str, object], dict[str, list[str]]] = {}
    for kind, clauses in (("tasks", tasks), ("models", models)):
        for index, clause in enumerate(clauses):
            if clause.owner or clause.deadline:
                key = (bare(clause.owner or ""), clause.deadline)
                groups.setdefault(key, {"tasks": [], "models": []})[kind].append(letter(index))
    lines = []
    for (owner, deadline), labels in groups.items():
        what = []
        if labels["tasks"]:
            what.append("thực hiện " + refer("nhiệm vụ", labels["tasks"]))
        if labels["models"]:
            what.append("nhân rộng " + refer("mô hình", labels["models"]))
        who = first_upper(unassigned) if not owner else first_upper(owner) + (
            "" if owner.lower().startswith(COLLECTIVES) else " chủ trì")  # a whole cell does not "preside"
        lines.append(f"{who} {' và '.join(what)}" + (f", hoàn thành trước {format_date(deadline)}" if deadline else ""))
    return lines


def _who_acts(forum):
    """The words for who acts in this cell's documents (rules/decision.py): chi ủy, or bí thư and chi bộ."""
    from ..rules import decision

    return decision.words(forum.cell.decision_path)


def _adoption_draft(forum) -> str:
    """The adoption line of the draft: the forum's vote where the cell decided there, else left for the vote."""
    from .record import forum_adoption

    _tally, line = forum_adoption(forum)
    return line or "Nghị quyết đã được chi bộ thảo luận, biểu quyết thông qua với …/… đảng viên chính thức tán thành."


def _vote_subject(tally) -> str:
    """What a show of hands was about, on one line: the chair's numbered selection (no chi ủy) is named as such."""
    if tally.subject_kind == "tasks" and "\n" in tally.subject:
        return "Các nhiệm vụ, giải pháp do chủ trì lựa chọn (" + "; ".join(tally.subject.splitlines()) + ")"
    return tally_subject(tally)


def resolution_sections(forum) -> list[tuple[str, str, str]]:
    """(key, title, text) of each section of the draft NQ, in order."""
    figures = queries.figures(forum)
    speakers = queries.speakers(forum)
    stats = queries.speaker_stats(forum, speakers)
    proposals = queries.proposals(forum)
    clauses = db.session.scalars(sa.select(Clause).where(Clause.forum_id == forum.id).order_by(Clause.position)).all()
    subjects = dict(db.session.execute(sa.select(CatalogueItem.code, CatalogueItem.subject)).all())
    held = format_date(forum.held_on)

    bases = ["- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
             "- Căn cứ Nghị quyết số 04-NQ/TW ngày 30/10/2016 của Hội nghị lần thứ tư Ban Chấp hành Trung ương "
             "Đảng khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng "
             "chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ;",
             "- Căn cứ Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư "
             "tưởng, đạo đức, phong cách Hồ Chí Minh;"]
    if forum.plan is not None:
        p = forum.plan
        bases.append(f"- Căn cứ Kế hoạch số {p.number} {format_date(p.issued_on)} của {p.issuer};")
    bases.append(f"- Căn cứ kết quả diễn đàn {held} của chi bộ,")

    causes = [p.plain_text for p in proposals if p.kind == "nguyen_nhan"]
    assessment = [
        # Only the rate takes the Vietnamese decimal comma: never the sentence's own full stops.
        f"{first_upper(held)}, chi bộ tổ chức diễn đàn “{bare(forum.title)}”. Dự diễn đàn có "
        f"{fig.attendance_phrase(figures)}{_guests_phrase(forum)}.",
        *_speeches_sentences(stats, len(proposals)),
    ]
    related = _related_sentence(forum, subjects)
    if related:
        assessment.append(related)
    if causes:
        assessment += ["Nguyên nhân được nêu tại diễn đàn:", *listed(causes)]

    objectives = [c for c in clauses if c.section == "objective"]
    tasks = [c for c in clauses if c.section == "task"]
    models = [c for c in clauses if c.section == "model" or c.good_model]
    goals = [c.text for c in objectives] or [p.plain_text for p in proposals if p.kind == "muc_tieu"]
    body = [HEADINGS[0], *(listed(goals) or ["- …"]), HEADINGS[1], *(lettered([c.text for c in tasks]) or ["- …"])]
    if models:
        body += [HEADINGS[2], *lettered([c.text for c in models])]

    words = _who_acts(forum)
    implementation = _assignments(tasks, [m for m in models if m not in tasks], unassigned=words.assigns)
    implementation += [f"- {words.directs}; định kỳ kiểm điểm việc "
                       "thực hiện nghị quyết tại sinh hoạt chi bộ hằng tháng và báo cáo cấp ủy cấp trên."]
    implementation = listed(implementation)
    parent = forum.cell.parent.name if forum.cell.parent else "cấp ủy cấp trên"
    return [
        ("can_cu", "Căn cứ", "\n".join(bases)),
        ("danh_gia", "I. ĐÁNH GIÁ TÌNH HÌNH", "\n".join(assessment)),
        ("nhiem_vu", "II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP", "\n".join(body)),
        ("to_chuc", "III. TỔ CHỨC THỰC HIỆN", "\n".join(implementation)),
        ("thong_qua", "Biểu quyết", _adoption_draft(forum)),
        ("noi_nhan", "Nơi nhận", f"- {parent} (để b/c),\n- Đảng viên trong chi bộ,\n- Lưu chi bộ."),
    ]


def minutes_sections(forum) -> list[tuple[str, str, str]]:
    """(key, title, text) of the minutes (biên bản), written from the session record (§9, HD 12)."""
    from ..clock import to_local
    from ..rules import voting

    figures = queries.figures(forum)
    roll = queries.roll(forum)
    opened = to_local(forum.opened_at)
    closed = to_local(forum.concluded_at)
    chairs = ", ".join(m.full_name for m, _a in roll if m.role in ("bi_thu", "pho_bi_thu", "chi_uy_vien")) or "—"
    absent = [(m, a) for m, a in roll if a is None or a.status not in voting.PRESENT_STATUSES]
    excused = [m.full_name + (f" — {bare(a.reason[:1].lower() + a.reason[1:])}" if a.reason and bare(a.reason) else "")
               for m, a in absent if a and a.status == "absent_excused"]
    unexcused = [m.full_name for m, a in absent if a is None or a.status == "absent_unexcused"]
    late = [m.full_name for m, a in roll if a is not None and a.status == "late"]
    guests = [f"{g.name}{', ' + g.position if g.position else ''}{' — ' + g.organisation if g.organisation else ''}"
              for g in forum.guests if g.present]
    time_place = listed([f"Thời gian: bắt đầu {opened.strftime('%H giờ %M')} {format_date(forum.held_on)}"
                         if opened else f"Thời gian: {format_date(forum.held_on)}",
                         f"Địa điểm: {forum.place or '…'}"])
    participants = [
        f"Chủ trì: {'tập thể chi ủy' if forum.cell.has_committee else 'bí thư chi bộ'} ({chairs})",
        f"Thư ký: {forum.secretary.full_name if forum.secretary else '…'}",
        _members_phrase(figures),
        _presence_phrase(figures, excused, unexcused),
        f"Dự sinh hoạt: {fig.attendance_phrase(figures)}; {fig.eligible_phrase(figures)}",
    ]
    if late:
        participants.append(f"Đến muộn: {', '.join(late)}")
    if guests:
        participants.append("Đại biểu dự: " + "; ".join(guests))
    content = numbered([item.title for item in forum.agenda])
    proceedings = []
    proposals = sorted(queries.proposals(forum), key=lambda p: p.id)  # in the order they were said
    for s in queries.speakers(forum):
        if s.begin_time is None:
            continue
        said = [bare(x) for x in [s.note or "", *(p.plain_text for p in proposals if p.speaker_id == s.id)]]
        said = [x for x in said if x]
        who = f"Đồng chí {s.name}" + (" (đại biểu)" if s.guest_id else "")
        proceedings.append(f"{who}: {'; '.join(said)}" if said else f"{who} phát biểu")
    # Written proposals members sent from their phones and the forum took: named with their authors, as
    # those said aloud are.
    for w in queries.written(forum):
        proceedings.append(f"Đồng chí {w.member.full_name} (ý kiến bằng văn bản): {bare(w.text)}")
    if bare(forum.conclusion or ""):
        proceedings.append(f"Kết luận của chủ trì: {bare(forum.conclusion)}")
    from .record import vote_of

    votes = [f"{_vote_subject(t)}: {fig.vote_phrase(vote_of(t))} — {'thông qua' if t.passed else 'không thông qua'}"
             for t in queries.tallies(forum) if not t.is_open and not t.superseded]
    for t in queries.tallies(forum):
        for r in t.reservations:
            votes.append(f"Ý kiến bảo lưu của đồng chí {r.author_name}: {r.text}")
    return [
        ("thoi_gian", "Thời gian, địa điểm", "\n".join(time_place)),
        ("thanh_phan", "Thành phần", "\n".join(listed(participants))),
        ("noi_dung", "I. NỘI DUNG", "\n".join(content) or "…"),
        ("dien_bien", "II. DIỄN BIẾN", "\n".join(listed(proceedings)) or "…"),
        ("bieu_quyet", "III. KẾT QUẢ BIỂU QUYẾT", "\n".join(listed(votes)) or "Không có biểu quyết."),
        ("ket_thuc", "Kết thúc", _closing_sentence(forum, closed)),
    ]


def _members_phrase(figures) -> str:
    """'Tổng số đảng viên: 15 (chính thức 12, dự bị 3); miễn sinh hoạt 1', naming only what there is."""
    kinds = [f"chính thức {figures.official}"] + ([f"dự bị {figures.probationary}"] if figures.probationary else [])
    return (f"Tổng số đảng viên: {figures.members} ({', '.join(kinds)})"
            + (f"; miễn sinh hoạt {figures.exempt}" if figures.exempt else ""))


def _presence_phrase(figures, excused: list[str], unexcused: list[str]) -> str:
    """'Có mặt: 14; vắng có lý do: 1 (Bùi Thị Thu — đi công tác)': the absences only when there are some."""
    text = f"Có mặt: {figures.present}"
    if figures.absent_excused:
        text += f"; vắng có lý do: {figures.absent_excused}" + (f" ({'; '.join(excused)})" if excused else "")
    if unexcused:
        text += f"; vắng không lý do: {len(unexcused)} ({', '.join(unexcused)})"
    if not figures.absent_excused and not unexcused:
        text += "; không có đảng viên vắng mặt"
    return text


def _closing_sentence(forum, closed) -> str:
    """When the forum ended ('cùng ngày' only when it was the same day), and the reading back."""
    if closed is None:
        return "Biên bản đã được đọc lại và thông qua trước chi bộ."
    day = "cùng ngày" if closed.date() == forum.held_on else format_date(closed.date())
    return (f"Diễn đàn kết thúc lúc {closed.strftime('%H giờ %M')} {day}; biên bản đã được đọc lại và thông qua "
            "trước chi bộ.")


def tally_subject(tally) -> str:
    """What a show of hands was about, in the document's Vietnamese: its typed subject, or — for the votes
    the application records itself (adoption) — the Vietnamese name of its kind."""
    from flask_babel import force_locale

    from ..meeting.labels import tally_subject as subject

    with force_locale("vi"):
        return bare(subject(tally))


def report_sections(forum) -> list[tuple[str, str, str]]:
    """(key, title, text) of the report upward (báo cáo kết quả) with the recommendations."""
    figures = queries.figures(forum)
    stats = queries.speaker_stats(forum, queries.speakers(forum))
    proposals = sorted(queries.proposals(forum), key=lambda p: p.id)
    recommendations = [p for p in proposals if p.kind == "kien_nghi"]
    models = [p for p in proposals if p.kind == "mo_hinh"]
    clauses = db.session.scalars(sa.select(Clause).where(Clause.forum_id == forum.id).order_by(Clause.position)).all()
    held = [f"có {fig.attendance_phrase(figures)} dự"]
    if stats["speeches"]:
        held.append(f"{stats['speeches']} lượt phát biểu")
    if proposals:
        held.append(f"{len(proposals)} ý kiến được ghi nhận")
    result = [f"Chi bộ tổ chức diễn đàn {format_date(forum.held_on)}, {'; '.join(held)}."]
    if clauses:
        result.append(_who_acts(forum).chooses)
        result += listed([c.text for c in clauses])
    if models:
        result.append("Mô hình hay được đề xuất: " + "; ".join(bare(p.plain_text) for p in models) + ".")
    parent = forum.cell.parent.name if forum.cell.parent else "cấp ủy cấp trên"
    return [
        ("ket_qua", "I. KẾT QUẢ TỔ CHỨC DIỄN ĐÀN", "\n".join(result)),
        ("kien_nghi", "II. KIẾN NGHỊ, ĐỀ XUẤT VỚI CẤP ỦY CẤP TRÊN",
         "\n".join(numbered([p.plain_text for p in recommendations])) or "Không có kiến nghị."),
        ("noi_nhan", "Nơi nhận", f"- {parent} (để b/c),\n- Lưu chi bộ."),
    ]
