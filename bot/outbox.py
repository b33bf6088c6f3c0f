"""Messages to the shop's own people: email (``SMTP_URL``), Slack incoming webhooks and a
signed JSON webhook for other tools. Each raises :class:`DeliveryError` on failure so the
RQ job that called it is retried with backoff."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import time
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests

SIGNATURE_HEADER = "X-Bridge-Signature"
TIMESTAMP_HEADER = "X-Bridge-Timestamp"


class DeliveryError(Exception):
    """A notification could not be delivered (yet)."""


def recipients(value: str) -> list[str]:
    return [r.strip() for r in value.split(",") if r.strip()]


def send_mail(
    smtp_url: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    sender: str = "",
    sender_name: str = "",
) -> None:
    """Send one email via ``smtp://user:pass@host:port`` (``smtps://`` for TLS, ``?starttls=1``)."""
    url = urlsplit(smtp_url)
    if url.scheme not in ("smtp", "smtps"):
        raise DeliveryError(f"SMTP_URL must start with smtp:// or smtps://, not {url.scheme}://")
    if not to:
        raise DeliveryError("no recipients")
    query = parse_qs(url.query)
    starttls = query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
    host = url.hostname or "localhost"
    port = url.port or (465 if url.scheme == "smtps" else 587 if starttls else 25)
    user = unquote(url.username or "")
    sender = sender or (user if "@" in user else f"shop-bot@{host}")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((sender_name, sender)) if sender_name and "<" not in sender else sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=host)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    try:
        if url.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=15, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(host, port, timeout=15)
        with server:
            if starttls:
                server.starttls(context=ssl.create_default_context())
            if user:
                server.login(user, unquote(url.password or ""))
            server.send_message(message, from_addr=sender if "<" not in sender else None, to_addrs=list(to))
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"email not sent: {type(exc).__name__}: {exc}") from exc


def post_slack(session: requests.Session, webhook_url: str, text: str, blocks: list[Any] | None = None) -> None:
    body: dict[str, Any] = {"text": text}
    if blocks:
        body["blocks"] = blocks
    _post(session, webhook_url, json.dumps(body, ensure_ascii=False).encode("utf-8"), {"Content-Type": "application/json"})


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>``: the receiver recomputes it."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def post_signed(session: requests.Session, url: str, secret: str, payload: Mapping[str, Any]) -> None:
    """POST JSON with a timestamp and an HMAC signature header, so the receiver can trust it."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp}
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, timestamp, body)
    _post(session, url, body, headers)


def _post(session: requests.Session, url: str, body: bytes, headers: dict[str, str]) -> None:
    try:
        resp = session.post(url, data=body, headers=headers, timeout=10)
    except requests.RequestException as exc:
        raise DeliveryError(f"POST failed: {type(exc).__name__}") from None  # the URL may hold a token
    if resp.status_code >= 300:
        raise DeliveryError(f"POST answered HTTP {resp.status_code}")
