"""Where SMS go: ``--sms SPEC`` / ``ATM_HUB_SMS``.

- ``log``: a log line per message with the code masked (a hub with no gateway yet; never the
  digits in a log).
- ``file:PATH``: one JSON object a line, ``{"to": ..., "text": ...}``, appended (tests, or a
  spool another program sends from).
- ``http:URL``: a JSON POST to an SMS gateway. ``ATM_HUB_SMS_BODY`` is the body template, JSON
  in which ``{to}`` and ``{text}`` are replaced (default ``{"to": "{to}", "text": "{text}"}``);
  ``ATM_HUB_SMS_AUTH`` is the whole ``Authorization`` header value if the gateway wants one.
  Any 2xx is success; anything else, or no answer in 10 s, is tried again later.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import requests

from hub.errors import HubError

log = logging.getLogger(__name__)
DIGITS = re.compile(r"\d{6,}")
DEFAULT_BODY = '{"to": "{to}", "text": "{text}"}'


class SendFailed(Exception):
    """The message did not leave; it stays queued."""


class Sender(Protocol):
    def send(self, to: str, text: str) -> None: ...


class LogSender:
    def send(self, to: str, text: str) -> None:
        log.info("SMS (log only) to ***%s: %s", to[-3:], DIGITS.sub("********", text))


class FileSender:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def send(self, to: str, text: str) -> None:
        line = json.dumps({"to": to, "text": text}, ensure_ascii=False) + "\n"
        try:
            with self._lock, self.path.open("a", encoding="utf-8") as f:
                f.write(line)
        except OSError as exc:
            raise SendFailed(f"cannot write {self.path}: {exc.strerror}") from exc


class HttpSender:
    def __init__(self, url: str, body_template: str, auth: str | None) -> None:
        self.url = url
        self.body_template = body_template
        self.auth = auth
        self._local = threading.local()

    def body(self, to: str, text: str) -> Any:
        # Replace inside the parsed template, so a quote in a text cannot break the JSON.
        def fill(value: Any) -> Any:
            if isinstance(value, str):
                return value.replace("{to}", to).replace("{text}", text)
            if isinstance(value, dict):
                return {k: fill(v) for k, v in value.items()}
            if isinstance(value, list):
                return [fill(v) for v in value]
            return value

        return fill(json.loads(self.body_template))

    def send(self, to: str, text: str) -> None:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        headers = {"Authorization": self.auth} if self.auth else {}
        try:
            reply = session.post(self.url, json=self.body(to, text), headers=headers, timeout=10)
        except requests.RequestException as exc:
            raise SendFailed(f"gateway unreachable: {type(exc).__name__}") from exc
        if not 200 <= reply.status_code < 300:
            raise SendFailed(f"gateway answered HTTP {reply.status_code}")


def sender_for(spec: str, env: Mapping[str, str] | None = None) -> Sender:
    env = os.environ if env is None else env
    if spec == "log":
        return LogSender()
    if spec.startswith("file:") and len(spec) > 5:
        return FileSender(Path(spec[5:]).expanduser())
    if spec.startswith(("http:", "https:")):
        # http:https://gateway/send as documented; a bare http(s):// URL means the same.
        url = spec if spec.startswith(("http://", "https://")) else spec[5:]
        if not url.startswith(("http://", "https://")):
            raise HubError(f"--sms {spec!r}: write http:https://gateway.example/send")
        template = env.get("ATM_HUB_SMS_BODY") or DEFAULT_BODY
        try:
            json.loads(template)
        except ValueError as exc:
            raise HubError(f"ATM_HUB_SMS_BODY is not JSON: {exc}") from exc
        return HttpSender(url, template, env.get("ATM_HUB_SMS_AUTH"))
    raise HubError(f"--sms {spec!r}: use log, file:PATH or http:URL")
