"""The follow-up's refusals in the user's language, registered with the one refusal (forumsite.refusals).

Codes the live session also uses (``empty``, ``bad_number``) carry the same words; where this area says
something else, its code is its own (``task_bad_status``, ``adoption_impossible_count``, ``adoption_count_gap``)."""
from flask_babel import lazy_gettext as _l

from .. import refusals

ERRORS = {
    "not_concluded": _l("Diễn đàn chưa kết thúc."),
    "empty": _l("Nội dung đang trống."),
    "bad_section": _l("Phần không hợp lệ."),
    "foreign_proposal": _l("Ý kiến không thuộc diễn đàn này."),
    "already_drafted": _l("Đã có dự thảo; hãy mở dự thảo để sửa."),
    "locked": _l("Văn bản đã được thông qua nên không sửa được."),
    "no_version": _l("Không có phiên bản này."),
    "needs_passed_tally": _l("Nghị quyết chỉ được thông qua khi biểu quyết đạt hơn một nửa số đảng viên chính thức."),
    "adoption_impossible_count": _l("Số phiếu không hợp lệ: vượt quá số có mặt được biểu quyết "
                           "hoặc số đảng viên tính biểu quyết."),
    "adoption_count_gap": _l("Tổng số tán thành, không tán thành và không biểu quyết khác số có mặt được biểu quyết."),
    "bad_number": _l("Vui lòng nhập số nguyên không âm."),
    "not_a_report": _l("Văn bản này không phải báo cáo."),
    "not_sent": _l("Báo cáo chưa được gửi hoặc đã được xác nhận."),
    "not_a_recommendation": _l("Ý kiến này không phải kiến nghị với cấp trên."),
    "task_bad_status": _l("Trạng thái không hợp lệ."),
    "not_adopted": _l("Chỉ đính chính văn bản đã được thông qua; bản dự thảo thì sửa trực tiếp."),
    "no_reason": _l("Vui lòng ghi lý do đính chính."),
    "unchanged": _l("Nội dung đính chính giống nội dung hiện tại."),
    "bad_date": _l("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."),
    "term_exists": _l("Nhiệm kỳ bắt đầu ngày này đã có."),
}
refusals.register(ERRORS)

# The check before a document is locked and numbered (rules/documents.py adoption_problems).
PROBLEMS = {
    "no_place": _l("Chưa khai báo địa danh cho dòng “……, ngày … tháng … năm ……”."),
    "no_signer": _l("Chưa có người ký: chi bộ chưa có bí thư (hoặc diễn đàn chưa có thư ký) trong danh sách."),
    "empty_section": _l("Phần “%(where)s” đang trống."),
    "placeholder": _l("Phần “%(where)s” còn chỗ chưa điền (“…”, “[”, hoặc “Số -”)."),
    "figure": _l("Số liệu không khớp với hồ sơ diễn đàn — %(where)s."),
}
