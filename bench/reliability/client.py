"""A small browser over urllib: a cookie jar, no automatic redirects, multipart uploads.

Standard library only, so the runner needs nothing beyond the app's own dependencies.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from time import monotonic

TIMEOUT_SECONDS = 30
PASSWORD = "demo1234"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
VERSION = re.compile(
    r'(?:name="(?:\w+-)?version" type="hidden"|type="hidden" name="(?:\w+-)?version") value="(\d+)"'
)


@dataclass
class Reply:
    status: int  # 0: no answer (connection refused or reset); -1: no answer in time
    body: str
    location: str


TIMED_OUT = -1
# (sent at, answered at, status) on the monotonic clock, for phases that place answers in
# time (the crash phase: before, during and after the database restart).
Journal = list[tuple[float, float, int]]


def _timed_out(error: BaseException) -> bool:
    reason = getattr(error, "reason", None)  # urllib wraps a connect timeout in URLError
    return isinstance(error, TimeoutError) or isinstance(reason, TimeoutError)


def status_class(status: int) -> str:
    if status == TIMED_OUT:
        return "timeout"
    return f"{status // 100}xx" if status else "no answer"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    def __init__(
        self, base: str, statuses: dict[str, int] | None = None, journal: Journal | None = None
    ) -> None:
        self.base = base
        self.statuses = statuses if statuses is not None else {}
        self.journal = journal
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def _send(self, request: urllib.request.Request) -> Reply:
        sent = monotonic()
        try:
            with self._opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                reply = Reply(response.status, response.read().decode("utf-8", "replace"), "")
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            reply = Reply(error.code, body, error.headers.get("Location", ""))
        except (OSError, http.client.HTTPException) as error:  # a worker killed mid-answer
            reply = Reply(TIMED_OUT if _timed_out(error) else 0, "", "")
        klass = status_class(reply.status)
        self.statuses[klass] = self.statuses.get(klass, 0) + 1
        if self.journal is not None:
            self.journal.append((sent, monotonic(), reply.status))  # list.append is atomic
        return reply

    def get(self, path: str) -> Reply:
        return self._send(urllib.request.Request(self.base + path))

    def post(
        self, path: str, fields: dict[str, str], files: dict[str, bytes] | None = None
    ) -> Reply:
        if files:
            boundary = secrets.token_hex(12)
            body = _multipart(boundary, fields, files)
            kind = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": kind}, method="POST"
        )
        return self._send(request)

    def log_in(self, username: str) -> bool:
        page = self.get("/dang-nhap")
        token = csrf_in(page.body)
        data = {"username": username, "password": PASSWORD, "csrf_token": token}
        return self.post("/dang-nhap", data).status == 302


def csrf_in(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


def version_in(html: str) -> str:
    match = VERSION.search(html)
    return match.group(1) if match else ""


def _multipart(boundary: str, fields: dict[str, str], files: dict[str, bytes]) -> bytes:
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, content in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{name}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()
