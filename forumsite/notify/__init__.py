"""Outbound messages (an invitation by e-mail, an SMS), built like ``live``: a sender chosen by configuration,
and messages handed to it only after the transaction that caused them commits — a rolled-back change sends
nothing, and a slow mail server never holds a database lock.

NOTIFY_SENDER picks the sender: "log" (development and tests: written to the log and kept in ``outbox``),
"smtp" (the SMTP_* settings), or "package.module:Class" — a province's own gateway (SMS), any class with
``send(message)`` built from the app's config (README: "Messages to members")."""
from __future__ import annotations

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from .senders import Message, make_sender

_PENDING = "forumsite_notify_pending"

__all__ = ["Message", "init_app", "queue", "sender"]


def init_app(app: Flask) -> None:
    app.extensions["forumsite_notify"] = make_sender(app.config)


def sender():
    return current_app.extensions["forumsite_notify"]


def queue(*messages: Message) -> None:
    """Send ``messages`` once the current transaction commits."""
    db.session.info.setdefault(_PENDING, []).extend(messages)


@event.listens_for(Session, "after_commit")
def _send(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    out = sender()
    for message in pending:
        try:
            out.send(message)
        except Exception:  # noqa: BLE001 — one unreachable address must not stop the others, nor the request
            current_app.logger.exception("Could not send a message to %s", message.to)


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_PENDING, None)
