"""Sending one plain-text message over SMTP with the configured server."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from partnerops.settings import Settings

# A server that accepts the connection but never answers must not hold the worker forever.
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = TIMEOUT_SECONDS

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpServer:
        return cls(settings.smtp_host, settings.smtp_port, settings.mail_from, settings.smtp_username,
                   settings.smtp_password, settings.smtp_starttls)


def compose(sender: str, to_address: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to_address
    message["Subject"] = subject
    message.set_content(body)
    return message


def send(server: SmtpServer, message: EmailMessage) -> None:
    """Deliver `message`; raises OSError or smtplib.SMTPException when the server cannot take it."""
    with smtplib.SMTP(server.host, server.port, timeout=server.timeout) as client:
        if server.starttls:
            client.starttls()
        if server.username:
            client.login(server.username, server.password or "")
        client.send_message(message)
