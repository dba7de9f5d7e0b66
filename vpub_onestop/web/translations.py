"""The page's message catalogue, found once per request.

Flask-Babel finds the request's context, domain, locale and catalogue again on every
lookup (about ten context-variable reads each); a page with a dossier's history makes two
to three hundred lookups, which was a fifth of the public lookup's time (bench/PROFILE.md).
The catalogue cannot change within a request unless the locale does (Flask-Babel's
`force_locale` sets another Locale object), so it is kept on `g` with the Locale object
it was found for, and found again when that object is not the current one.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.globals import _cv_app
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

_KEPT = "_vpub_page_catalogue"


def _current_locale(space: Any) -> object | None:
    """The Locale Flask-Babel chose for this context, None before it chose one."""
    babel_state = vars(space).get("_flask_babel")
    return getattr(babel_state, "babel_locale", None)


def page_catalogue() -> Any:
    """The catalogue of the current page's language (Flask-Babel's, not a copy).

    Asked once per word of a page: the app context is read from Flask's context variable
    itself (the `g` proxy and `has_app_context` cost four calls more each time)."""
    context = _cv_app.get(None)
    if context is None:
        return get_translations()
    space = context.g
    kept = space.__dict__.get(_KEPT)
    if kept is not None:
        locale = getattr(space.__dict__.get("_flask_babel"), "babel_locale", None)
        if locale is not None and kept[0] is locale:
            return kept[1]
    catalogue = get_translations()
    setattr(space, _KEPT, (_current_locale(space), catalogue))
    return catalogue


def gettext(message: str) -> str:
    return str(page_catalogue().ugettext(message))


def pgettext(context: str, message: str) -> str:
    return str(page_catalogue().upgettext(context, message))


@pass_context
def template_gettext(context: Context, message: str, **variables: Any) -> str:
    """`_()` / `gettext()` in a template, as Jinja's "newstyle" gettext does it (escaped
    when autoescaping, always a format string) in one call instead of four: a page calls
    it dozens of times. A message without "%" formats to itself, so it is not formatted."""
    text = page_catalogue().ugettext(message)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def install(app: Flask) -> None:
    """Templates' `_()`, `gettext`, `ngettext`, `pgettext` read the kept catalogue (the
    same callables Flask-Babel installs, and Jinja's escaping and formatting, unchanged)."""
    env = app.jinja_env
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: page_catalogue().ugettext(s),
        ngettext=lambda s, p, n: page_catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: page_catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )
    # `_` was an alias that looked `gettext` up in the context on every call.
    env.globals["gettext"] = env.globals["_"] = template_gettext
