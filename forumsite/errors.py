"""Error pages in the user's language: every bad input gets a clear 4xx, never a bare 500."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .refusals import Refusal

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Dữ liệu gửi lên không đúng. Vui lòng kiểm tra và thử lại.")),
    401: (_l("Cần đăng nhập"), _l("Vui lòng đăng nhập để tiếp tục.")),
    403: (_l("Không có quyền"), _l("Bạn không có quyền thực hiện thao tác này.")),
    404: (_l("Không tìm thấy"), _l("Trang hoặc dữ liệu bạn tìm không tồn tại, hoặc bạn không có quyền xem.")),
    405: (_l("Thao tác không được hỗ trợ"), _l("Địa chỉ này không nhận kiểu yêu cầu đó.")),
    409: (_l("Xung đột dữ liệu"), _l("Dữ liệu đã được người khác thay đổi. Vui lòng tải lại trang.")),
    413: (_l("Tệp quá lớn"), _l("Tệp gửi lên vượt quá dung lượng cho phép.")),
    415: (_l("Loại tệp không được hỗ trợ"), _l("Loại tệp này không được chấp nhận.")),
    422: (_l("Dữ liệu chưa hợp lệ"), _l("Vui lòng kiểm tra các trường được đánh dấu.")),
    429: (_l("Quá nhiều lần thử"),
          _l("Bạn đã thử quá nhiều lần trong thời gian ngắn. Vui lòng đợi một phút rồi thử lại.")),
    500: (_l("Lỗi hệ thống"), _l("Đã có lỗi xảy ra phía máy chủ. Dữ liệu của bạn chưa bị mất; vui lòng thử lại.")),
}


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    template = "errors/_error.html" if request.headers.get("HX-Request") else "errors/error.html"
    return render_template(template, code=code, title=title, message=detail or message), code


def _wait_message(error) -> str | None:
    """How long to wait after too many tries, from the limit that was hit (5 per minute, 10 per 15 minutes)."""
    limit = getattr(getattr(error, "limit", None), "limit", None)
    if limit is None:
        return None
    minutes = -(-limit.get_expiry() // 60)
    if minutes <= 1:
        return None  # the usual message: wait a minute
    return _l("Bạn đã thử quá nhiều lần trong thời gian ngắn. Vui lòng đợi %(n)s phút rồi thử lại.", n=minutes)


RETRY_AFTER = 10  # seconds: a restarting PostgreSQL is usually back within that


def database_unavailable(error: Exception) -> bool:
    """The database cannot be reached (down, restarting, its connections cut, SQLite locked too long),
    as opposed to a fault in a query, which stays a 500."""
    import sqlalchemy as sa

    if not isinstance(error, sa.exc.DBAPIError):
        return False
    if error.connection_invalidated or isinstance(error, (sa.exc.InterfaceError, sa.exc.DisconnectionError)):
        return True
    if not isinstance(error, sa.exc.OperationalError):
        return False
    original = error.orig
    if type(original).__module__.startswith("psycopg"):
        return True  # psycopg's OperationalError: connection refused, terminated, server shut down
    text = str(original).lower()
    return any(m in text for m in ("database is locked", "unable to open database file", "disk i/o error"))


def render_unavailable():
    """503 with Retry-After, rendered without touching the database (no user, no menu)."""
    from flask import g

    from .extensions import login_manager

    # Templates are given current_user, which would load the user from the database again.
    g._login_user = login_manager.anonymous_user()
    template = "errors/_error.html" if request.headers.get("HX-Request") else "errors/unavailable.html"
    body = render_template(template, code=503, title=_l("Tạm thời chưa truy cập được dữ liệu"),
                           message=_l("Máy chủ đang tạm thời không kết nối được cơ sở dữ liệu (có thể đang "
                                      "khởi động lại). Dữ liệu đã lưu không bị mất; vui lòng thử lại sau ít "
                                      "giây."),
                           retry_after=RETRY_AFTER, reload=request.method == "GET")
    return body, 503, {"Retry-After": str(RETRY_AFTER)}


def _forget_session() -> None:
    """Roll back what the failed request began; a dead connection may refuse even that."""
    import sqlalchemy as sa

    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        pass
    db.session.remove()


def respond_refusal(error: Refusal):
    """Roll back the half-done change, then say why: the toast for htmx, a flash and a 303 for a plain form
    (back where it came from when that is this site, else the home page)."""
    from flask import flash, redirect

    from .accounts.redirects import safe_next

    db.session.rollback()
    if request.headers.get("HX-Request"):
        return render_error(error.status, error.message)
    flash(error.message, "error")
    return redirect(error.back or safe_next(_same_site_referrer()), code=303)


def _same_site_referrer() -> str | None:
    from urllib.parse import urlsplit

    ref = request.referrer
    if not ref:
        return None
    parts = urlsplit(ref)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def register(app: Flask) -> None:
    import sqlalchemy as sa

    @app.errorhandler(sa.exc.DBAPIError)
    def _database(error):
        if not database_unavailable(error):
            return _unexpected(error)
        _forget_session()
        app.logger.warning("Database unavailable: %s", error.orig)
        return render_unavailable()

    @app.errorhandler(Refusal)
    def _refused(error: Refusal):
        return respond_refusal(error)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, _l("Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. "
                                    "Vui lòng tải lại trang và thử lại."))

    @app.errorhandler(HTTPException)
    def _http(error):
        if error.code == 429:
            return render_error(429, _wait_message(error))
        return render_error(error.code or 500, getattr(error, "vi_message", None))

    @app.errorhandler(Exception)
    def _unexpected(error):
        # Roll back so that the half-done change is not committed by a later request on this session.
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
