"""The draft resolution, written from what the forum actually produced (document_format.md §8)."""
from __future__ import annotations

import sqlalchemy as sa

from ..catalogue.models import CatalogueItem
from ..extensions import db
from ..meeting import queries
from ..rules import figures as fig
from ..vn import format_date
from .models import Clause

# Group 3 of the 27 manifestations: "tự diễn biến", "tự chuyển hóa" (BH19–BH27).
GROUP_THREE = "C_TDB_TCH"


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
        parts.append("các biểu hiện: " + "; ".join(s[:1].lower() + s[1:] for s in manifestations))
    if tasks:
        parts.append("các nhiệm vụ: " + "; ".join(s[:1].lower() + s[1:] for s in tasks))
    return "Đảng viên đã liên hệ bản thân và chi bộ với " + "; ".join(parts) + "." if parts else None


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
    return tally.subject


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
        f"{held[0].upper() + held[1:]}, chi bộ tổ chức diễn đàn “{forum.title}”. Dự diễn đàn có "
        f"{fig.attendance_phrase(figures)}; {sum(1 for g in forum.guests if g.present)} đại biểu khách mời.",
        f"Có {stats['speeches']} lượt phát biểu của {stats['speakers']} người; {stats['members_spoke']}/"
        f"{stats['present']} đảng viên có mặt đã phát biểu. Diễn đàn ghi nhận {len(proposals)} ý kiến.",
    ]
    related = _related_sentence(forum, subjects)
    if related:
        assessment.append(related)
    if causes:
        assessment.append("Nguyên nhân được nêu tại diễn đàn:\n" + "\n".join(f"- {c}" for c in causes))

    objectives = [c for c in clauses if c.section == "objective"] or []
    tasks = [c for c in clauses if c.section == "task"]
    models = [c for c in clauses if c.section == "model" or c.good_model]
    goals = [f"- {c.text}" for c in objectives] or [f"- {p.plain_text}" for p in proposals if p.kind == "muc_tieu"]
    body = ["1. Mục tiêu", *(goals or ["- …"]), "2. Nhiệm vụ, giải pháp",
            *([f"{i}) {c.text}" for i, c in enumerate(tasks, 1)] or ["- …"])]
    if models:
        body += ["3. Mô hình hay cần nhân rộng", *[f"- {c.text}" for c in models]]

    words = _who_acts(forum)
    implementation = [f"- {c.text}: {c.owner or words.assigns}"
                      + (f", hoàn thành trước {format_date(c.deadline)}." if c.deadline else ".")
                      for c in tasks if c.owner or c.deadline]
    implementation += [f"- {words.directs}; định kỳ kiểm điểm việc "
                       "thực hiện nghị quyết tại sinh hoạt chi bộ hằng tháng và báo cáo cấp ủy cấp trên."]
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
    excused = [f"{m.full_name} ({a.reason or 'có lý do'})" for m, a in absent if a and a.status == "absent_excused"]
    unexcused = [m.full_name for m, a in absent if a is None or a.status == "absent_unexcused"]
    late = [m.full_name for m, a in roll if a is not None and a.status == "late"]
    guests = [f"{g.name}{', ' + g.position if g.position else ''}{' — ' + g.organisation if g.organisation else ''}"
              for g in forum.guests if g.present]
    time_place = [f"- Thời gian: bắt đầu {opened.strftime('%H giờ %M')} {format_date(forum.held_on)}."
                  if opened else f"- Thời gian: {format_date(forum.held_on)}.",
                  f"- Địa điểm: {forum.place or '…'}."]
    participants = [
        f"- Chủ trì: {'tập thể chi ủy' if forum.cell.has_committee else 'bí thư chi bộ'} ({chairs}).",
        f"- Thư ký: {forum.secretary.full_name if forum.secretary else '…'}.",
        f"- Tổng số đảng viên: {figures.members} (chính thức {figures.official}, dự bị {figures.probationary}); "
        f"miễn sinh hoạt {figures.exempt}.",
        f"- Có mặt: {figures.present}; vắng có lý do: {figures.absent_excused}"
        + (f" ({'; '.join(excused)})" if excused else "")
        + f"; vắng không lý do: {len(unexcused)}" + (f" ({', '.join(unexcused)})" if unexcused else "") + ".",
        f"- Dự sinh hoạt: {fig.attendance_phrase(figures)}; {fig.eligible_phrase(figures)}.",
    ]
    if late:
        participants.append(f"- Đến muộn: {', '.join(late)}.")
    if guests:
        participants.append("- Đại biểu dự: " + "; ".join(guests) + ".")
    content = [f"{i}. {item.title}" for i, item in enumerate(forum.agenda, 1)]
    proceedings = []
    proposals = sorted(queries.proposals(forum), key=lambda p: p.id)  # in the order they were said
    for s in queries.speakers(forum):
        if s.begin_time is None:
            continue
        line = f"- Đồng chí {s.name}" + (" (đại biểu)" if s.guest_id else "") + ": "
        said = [p.plain_text for p in proposals if p.speaker_id == s.id]
        line += (s.note + " " if s.note else "") + ("; ".join(said) if said else "")
        proceedings.append(line.rstrip() + ".")
    if forum.conclusion:
        proceedings.append(f"- Kết luận của chủ trì: {forum.conclusion}")
    from .record import vote_of

    votes = [f"- {_vote_subject(t)}: {fig.vote_phrase(vote_of(t))} — {'thông qua' if t.passed else 'không thông qua'}."
             for t in queries.tallies(forum) if not t.is_open and not t.superseded]
    for t in queries.tallies(forum):
        for r in t.reservations:
            votes.append(f"- Ý kiến bảo lưu của đồng chí {r.author_name}: {r.text}")
    closing = (f"Diễn đàn kết thúc lúc {closed.strftime('%H giờ %M')} cùng ngày; biên bản đã được đọc lại và "
               "thông qua trước chi bộ." if closed else "Biên bản đã được đọc lại và thông qua trước chi bộ.")
    return [
        ("thoi_gian", "Thời gian, địa điểm", "\n".join(time_place)),
        ("thanh_phan", "Thành phần", "\n".join(participants)),
        ("noi_dung", "I. NỘI DUNG", "\n".join(content) or "…"),
        ("dien_bien", "II. DIỄN BIẾN", "\n".join(proceedings) or "…"),
        ("bieu_quyet", "III. KẾT QUẢ BIỂU QUYẾT", "\n".join(votes) or "Không có biểu quyết."),
        ("ket_thuc", "Kết thúc", closing),
    ]


def report_sections(forum) -> list[tuple[str, str, str]]:
    """(key, title, text) of the report upward (báo cáo kết quả) with the recommendations."""
    figures = queries.figures(forum)
    stats = queries.speaker_stats(forum, queries.speakers(forum))
    proposals = sorted(queries.proposals(forum), key=lambda p: p.id)
    recommendations = [p for p in proposals if p.kind == "kien_nghi"]
    models = [p for p in proposals if p.kind == "mo_hinh"]
    clauses = db.session.scalars(sa.select(Clause).where(Clause.forum_id == forum.id).order_by(Clause.position)).all()
    result = [f"Chi bộ tổ chức diễn đàn {format_date(forum.held_on)}, có {fig.attendance_phrase(figures)} dự; "
              f"{stats['speeches']} lượt phát biểu; {len(proposals)} ý kiến được ghi nhận."]
    if clauses:
        result.append(_who_acts(forum).chooses)
        result += [f"- {c.text}" for c in clauses]
    if models:
        result.append("Mô hình hay được đề xuất: " + "; ".join(p.plain_text for p in models) + ".")
    parent = forum.cell.parent.name if forum.cell.parent else "cấp ủy cấp trên"
    return [
        ("ket_qua", "I. KẾT QUẢ TỔ CHỨC DIỄN ĐÀN", "\n".join(result)),
        ("kien_nghi", "II. KIẾN NGHỊ, ĐỀ XUẤT VỚI CẤP ỦY CẤP TRÊN",
         "\n".join(f"{i}. {p.plain_text}" for i, p in enumerate(recommendations, 1)) or "Không có kiến nghị."),
        ("noi_nhan", "Nơi nhận", f"- {parent} (để b/c),\n- Lưu chi bộ."),
    ]
