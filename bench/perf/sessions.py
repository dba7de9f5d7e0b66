"""Signed-in sessions for the load: one real login per role through the form (CSRF), the
cookie then replayed by wrk; the write measures' POST bodies copied from the real form
(its hidden fields: CSRF token, version), one fresh dossier per request."""

from __future__ import annotations

import re
import time
import urllib.parse

from bench.load.wrk import Request
from bench.reliability.client import Browser

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL)
ACTION = re.compile(r'action="([^"]*)"')
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def signed_in(base: str, username: str, attempts: int = 3) -> Browser:
    """A browser signed in as `username` (a server still draining the previous load's
    queue may time the first attempt out)."""
    for _ in range(attempts):
        browser = Browser(base)
        if browser.log_in(username):
            return browser
        time.sleep(2)
    raise RuntimeError(f"could not sign in as {username}: answers {browser.statuses}")


def hidden_fields(html: str, action_suffix: str) -> dict[str, str]:
    """The hidden inputs of the page's form posting to an address ending in `action_suffix`."""
    for attributes, inside in FORM.findall(html):
        action = ACTION.search(attributes)
        if action and action.group(1).split("?")[0].endswith(action_suffix):
            fields: dict[str, str] = {}
            for tag in INPUT.findall(inside):
                attrs = dict(ATTRIBUTE.findall(tag))
                if attrs.get("type") == "hidden" and "name" in attrs:
                    fields[attrs["name"]] = attrs.get("value", "")
            return fields
    raise RuntimeError(f"no form posting to …{action_suffix} in the page")


def _version_field(fields: dict[str, str]) -> str:
    return next(name for name in fields if name == "version" or name.endswith("-version"))


def form_posts(
    browser: Browser, page: str, action: str, items: list[tuple[int, int]], path: str
) -> tuple[list[Request], str]:
    """POSTs of the form found on `page` (formatted with the first item's id), one per
    (dossier id, version), to `path` formatted with each id; and the session cookie as it
    stands after the page set its CSRF token."""
    first = items[0][0]
    reply = browser.get(page.format(id=first))
    if reply.status != 200:
        raise RuntimeError(f"{page.format(id=first)} answered {reply.status}")
    fields = hidden_fields(reply.body, action.format(id=first))
    version = _version_field(fields)
    requests = [
        Request(
            "POST",
            path.format(id=dossier_id),
            urllib.parse.urlencode({**fields, version: str(number)}),
        )
        for dossier_id, number in items
    ]
    return requests, browser.cookie_header()
