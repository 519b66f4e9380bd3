"""The notes of a check-in, in words."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

FIELD_WORDS = {"full_name": _l("họ tên"), "status": _l("chính thức/dự bị"), "exempt": _l("miễn sinh hoạt"),
               "temp_in": _l("sinh hoạt tạm thời đến"), "temp_out": _l("sinh hoạt tạm thời đi"),
               "suspended": _l("đình chỉ"),
               "title": _l("tên mục"), "planned_minutes": _l("thời lượng"), "position": _l("thứ tự")}


def describe(note: dict) -> str:
    code = note.get("code")
    if code == "renumbered":
        return _("Số văn bản %(was)s đã được cấp trên máy chủ cho văn bản khác trong lúc họp ngoài mạng; văn bản "
                 "từ máy họp được đổi thành %(now)s.", was=note.get("was"), now=note.get("now"))
    what, name, how = note.get("what"), note.get("name", ""), note.get("how", "")
    if what == "checkout":
        return _("Diễn đàn đã được %(who)s thu hồi về máy chủ sau khi mang đi.", who=name)
    if how == "added":
        return (_("Danh sách đảng viên: %(name)s được thêm trên máy chủ sau khi mang diễn đàn đi.", name=name)
                if what == "roll" else
                _("Chương trình: mục “%(name)s” được thêm trên máy chủ sau khi mang diễn đàn đi.", name=name))
    if how == "removed":
        return (_("Danh sách đảng viên: %(name)s không còn trong chi bộ trên máy chủ.", name=name)
                if what == "roll" else
                _("Chương trình: mục “%(name)s” đã bị xóa trên máy chủ.", name=name))
    fields = ", ".join(str(FIELD_WORDS.get(f, f)) for f in how.removeprefix("changed:").split(",") if f)
    return (_("Danh sách đảng viên: %(name)s đã thay đổi trên máy chủ (%(fields)s).", name=name, fields=fields)
            if what == "roll" else
            _("Chương trình: mục “%(name)s” đã thay đổi trên máy chủ (%(fields)s).", name=name, fields=fields))
