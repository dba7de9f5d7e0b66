"""Ask once before a destructive or final act.

Refusing a file, denying it, stopping it, confirming a withdrawal, approving a step or
handing the result over cannot be undone (the audit trail keeps every act; there is no
"undo" transition, docs/domain.md#transitions). A first press of such a button, once the
form is valid, shows the same page again with the officer's input kept and one question:
"Xác nhận …?". The second press carries `xac-nhan=1` and acts. The step is plain HTML (no
script): it works without JavaScript, with the keyboard (the confirm button has focus) and
with a screen reader (the question is an alert).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import g, request

# Form prefixes (= action names) whose act is final or destroys work in progress.
ASK_FIRST = frozenset(
    {
        # one-stop desk
        "refuse",
        "return_for_completion",
        "close_unsupplemented",
        "confirm_withdrawal",
        "return_result",
        # agencies
        "approve",
        "deny",
    }
)

CONFIRM_FIELD = "xac-nhan"


def must_ask(action: str, submit_name: str, offered: Callable[[], bool]) -> bool:
    """True when `action` needs the officer's confirmation and this request does not carry
    it; the page shown next asks the question at the button named `submit_name`. Only an
    act the page offers this officer is asked about (`offered`, read only then): any other
    goes on to be refused by the service as before (403, or 404 for another unit's file)."""
    if action not in ASK_FIRST or request.form.get(CONFIRM_FIELD) == "1":
        return False
    if not offered():
        return False
    g.confirming = submit_name
    return True
