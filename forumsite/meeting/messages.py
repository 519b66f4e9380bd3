"""The session's refusals in the user's language."""
from flask_babel import lazy_gettext as _l

ERRORS = {
    "not_in_session": _l("Diễn đàn chưa mở hoặc đã kết thúc."),
    "not_published": _l("Chỉ mở được diễn đàn đã công bố."),
    "bad_status": _l("Trạng thái điểm danh không hợp lệ."),
    "not_member": _l("Người này không thuộc chi bộ."),
    "not_found": _l("Không tìm thấy mục này."),
    "no_agenda": _l("Diễn đàn chưa có chương trình."),
    "agenda_edge": _l("Đã ở mục đầu hoặc mục cuối của chương trình."),
    "no_name": _l("Vui lòng nhập tên người phát biểu."),
    "already_waiting": _l("Người này đã có trong danh sách chờ phát biểu."),
    "already_spoke": _l("Người này đã phát biểu hoặc đang phát biểu."),
    "queue_empty": _l("Không còn ai trong danh sách chờ phát biểu."),
    "speakers_changed": _l("Danh sách phát biểu vừa được người điều hành khác thay đổi; xem lại danh sách rồi "
                           "bấm lại."),
    "not_speaking": _l("Không có ai đang phát biểu."),
    "not_paused": _l("Phần phát biểu không ở trạng thái tạm dừng."),
    "bad_limit": _l("Thời gian phát biểu phải từ 1 đến 60 phút."),
    "empty": _l("Nội dung đang trống."),
    "bad_merge": _l("Không gộp được các ý kiến đã chọn."),
    "tally_open": _l("Đang có một cuộc biểu quyết chưa kết thúc."),
    "bad_method": _l("Cách đếm không hợp lệ."),
    "tally_closed": _l("Cuộc biểu quyết này đã kết thúc; kết quả không sửa được, chỉ có thể biểu quyết lại."),
    "missing_for": _l("Vui lòng nhập số tán thành."),
    "impossible_count": _l("Số phiếu vượt quá số đảng viên chính thức có mặt được biểu quyết, hoặc có số âm."),
    "count_gap": _l("Tổng số tán thành, không tán thành và không biểu quyết ít hơn số có mặt được biểu quyết: "
                    "hãy đếm lại, hoặc đánh dấu ô “Những người còn lại không biểu quyết”."),
    "cannot_correct": _l("Chỉ biểu quyết lại được một cuộc biểu quyết đã kết thúc và chưa bị thay thế."),
    "reason_required": _l("Vui lòng ghi lý do biểu quyết lại."),
    "bad_number": _l("Vui lòng nhập số nguyên không âm."),
    "not_present": _l("Bạn cần được điểm danh có mặt để đăng ký phát biểu."),
    "no_subject": _l("Vui lòng nhập nội dung biểu quyết."),
    "record_closed": _l("Diễn đàn đã kết thúc: biên bản phiên họp (điểm danh, phát biểu, ý kiến, biểu quyết, "
                        "khách mời, tài liệu) không còn sửa được."),
    "answered": _l("Cấp trên đã trả lời kiến nghị này: không sửa, xóa hay gộp được nữa để câu trả lời vẫn "
                   "đúng với nội dung đã trả lời."),
    "reason_not_absent": _l("Lý do vắng chỉ ghi cho người vắng mặt: chọn “Vắng có lý do” hoặc “Vắng không lý "
                            "do”, hoặc xóa lý do rồi chọn “Có mặt”."),
    "too_many": _l("Chọn quá nhiều ý kiến cùng lúc."),
}

# Written proposals from the phones (issue 16.6): refused with forumsite.refusals.Refusal.
from .. import refusals  # noqa: E402
from .models import SUBMISSION_MAX  # noqa: E402

SUBMISSION_ERRORS = {
    "submission_empty": _l("Vui lòng nhập nội dung ý kiến."),
    "submission_too_long": _l("Ý kiến dài quá %(n)s ký tự: vui lòng viết gọn lại.", n=SUBMISSION_MAX),
    "submission_kind": _l("Loại ý kiến không hợp lệ."),
    "submission_closed": _l("Chỉ gửi được ý kiến khi diễn đàn đã công bố hoặc đang diễn ra."),
    "submission_decided": _l("Ý kiến này đã được xử lý rồi."),
    "decline_reason": _l("Vui lòng ghi lý do không nhận ý kiến."),
    "merge_target": _l("Chọn một ý kiến đã ghi để gộp vào."),
}
refusals.register({**SUBMISSION_ERRORS, **{code: ERRORS[code] for code in
                                            ("record_closed", "not_in_session", "not_member", "answered")}})
