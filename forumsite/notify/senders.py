"""The senders: where a message goes. No Flask import: a sender is built from a plain config mapping."""
from __future__ import annotations

import importlib
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

log = logging.getLogger("forumsite.notify")


@dataclass(frozen=True)
class Message:
    """One message to one person: ``channel`` is "email" or "sms"; ``to`` the address or the number."""

    channel: str
    to: str
    subject: str
    body: str


class LogSender:
    """Development and tests: the message is logged and kept, nothing leaves the machine."""

    def __init__(self, config=None):
        self.outbox: list[Message] = []

    def send(self, message: Message) -> None:
        self.outbox.append(message)
        log.info("message (%s) to %s: %s", message.channel, message.to, message.subject)


class SmtpSender:
    """E-mail through the province's mail server; SMS are logged (no gateway configured)."""

    def __init__(self, config):
        self.host = config.get("SMTP_HOST", "localhost")
        self.port = int(config.get("SMTP_PORT", 587))
        self.user = config.get("SMTP_USER", "")
        self.password = config.get("SMTP_PASSWORD", "")
        self.starttls = bool(config.get("SMTP_STARTTLS", True))
        self.sender = config.get("MAIL_FROM", "forumsite@localhost")
        self.timeout = float(config.get("SMTP_TIMEOUT", 10))

    def send(self, message: Message) -> None:
        if message.channel != "email":
            log.info("no SMS gateway: message to %s not sent", message.to)
            return
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, message.to, message.subject
        mail.set_content(message.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(mail)


def make_sender(config):
    """The sender NOTIFY_SENDER names: "log", "smtp" or "package.module:Class"."""
    choice = config.get("NOTIFY_SENDER") or "log"
    if choice == "log":
        return LogSender(config)
    if choice == "smtp":
        return SmtpSender(config)
    module, _, name = choice.partition(":")
    if not name:
        raise ValueError(f"NOTIFY_SENDER must be 'log', 'smtp' or 'module:Class', not {choice!r}")
    return getattr(importlib.import_module(module), name)(config)
