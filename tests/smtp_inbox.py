"""A real SMTP server for the tests: aiosmtpd's controller on a free port of 127.0.0.1, and Django's SMTP
backend pointed at it. Every message the server accepted is in `Mailbox.messages`, parsed."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """What the local SMTP server received: each message with the envelope's recipients."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages whose envelope went to `address`."""
        return [m for m, rcpt in zip(self.messages, self.recipients, strict=True) if address in rcpt]


def subject(message: EmailMessage) -> str:
    """The subject as a mail program shows it (a long encoded subject is folded onto its next line)."""
    return str(message["Subject"]).strip()


def body(message: EmailMessage) -> str:
    """The message's plain-text body, decoded."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def link_in(message: EmailMessage) -> str:
    """The one http(s) address in the message's body."""
    links = re.findall(r"https?://\S+", body(message))
    assert len(links) == 1, links
    return links[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    """A running SMTP server on 127.0.0.1 and the site's e-mail settings pointing at it."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Báo cáo CCHC <cchc@sonoivu.thanhhoa.gov.vn>"
    try:
        yield box
    finally:
        controller.stop()
