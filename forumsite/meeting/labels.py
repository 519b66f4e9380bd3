"""What users read for the live session's codes (translatable)."""
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "giai_phap": _l("Giải pháp"),
    "mo_hinh": _l("Mô hình hay"),
    "kien_nghi": _l("Kiến nghị cấp trên"),
    "nguyen_nhan": _l("Nguyên nhân"),
    "lien_he": _l("Liên hệ bản thân, chi bộ"),
    "muc_tieu": _l("Mục tiêu, quyết tâm"),
    "khac": _l("Ý kiến khác"),
}

ATTENDANCE_LABELS = {
    "present": _l("Có mặt"),
    "late": _l("Đến muộn"),
    "absent_excused": _l("Vắng có lý do"),
    "absent_unexcused": _l("Vắng không lý do"),
}

OPENING_STEPS = {
    "ly_do": _l("Tuyên bố lý do"),
    "dai_bieu": _l("Giới thiệu đại biểu"),
    "thu_ky": _l("Cử thư ký diễn đàn"),
    "diem_danh": _l("Báo cáo số đảng viên có mặt"),
    "chuong_trinh": _l("Thông qua chương trình"),
}

TALLY_SUBJECTS = {
    "proposal": _l("Một ý kiến"),
    "proposals": _l("Một nhóm ý kiến"),
    "tasks": _l("Nhiệm vụ, giải pháp chủ trì lựa chọn"),
    "resolution": _l("Dự thảo nghị quyết"),
    "minutes": _l("Biên bản"),
    "other": _l("Nội dung khác"),
}

# The document each adoption vote is about: the vote is stored by kind, its subject left empty, and written in
# the reader's language (the minutes, in Vietnamese, whatever the interface language).
ADOPTION_KINDS = {"NQ": "resolution", "BB": "minutes"}


def tally_subject(tally) -> str:
    """What a show of hands was about: the subject typed at the console, or the name of its kind for the votes
    the application records itself (adoption), in the current language."""
    return tally.subject or str(TALLY_SUBJECTS.get(tally.subject_kind, TALLY_SUBJECTS["other"]))


SPEAKER_STATES = {"waiting": _l("Chờ"), "speaking": _l("Đang phát biểu"), "paused": _l("Đang tạm dừng"),
                  "done": _l("Đã phát biểu")}

# A written proposal from a phone, as its author reads its fate.
SUBMISSION_STATES = {"pending": _l("Chờ xử lý"), "accepted": _l("Đã nhận"), "merged": _l("Đã gộp"),
                     "declined": _l("Không nhận")}
