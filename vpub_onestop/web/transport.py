"""What every response says about caching and transport (docs/architecture.md#caching).

- `Cache-Control: no-store` is the default: pages of a signed-in person, slips, exports,
  downloads, the lookup's answer and error pages all carry personal data or a key, and no
  browser history, shared computer or proxy may keep a copy. Only the public catalogue
  (for an anonymous visitor, with no cookie being set) and the static assets may be cached.
- `Strict-Transport-Security` when the request came over HTTPS. Behind a reverse proxy
  that ends TLS, the app learns the scheme (and the client's address, which the rate
  limits count) from the proxy's `X-Forwarded-*` headers only when told how many proxies
  to trust (`PROXY_FIX_X_*`, applied with werkzeug's ProxyFix); otherwise it trusts none.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

# Pages with nothing personal on them when nobody is signed in.
PUBLIC_CACHEABLE = frozenset({"public.catalogue", "public.procedure"})
STATIC = "static"
PROXY_SETTINGS = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")


def register_transport(app: Flask) -> None:
    hops = {name: int(app.config.get(f"PROXY_FIX_{name.upper()}", 0)) for name in PROXY_SETTINGS}
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **hops)  # type: ignore[method-assign]
    app.after_request(_cache_and_transport_headers)


def _cache_and_transport_headers(response: Response) -> Response:
    if not _may_be_stored(response):
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        max_age = int(current_app.config.get("HSTS_MAX_AGE", 0))
        if max_age > 0:
            value = f"max-age={max_age}"
            if current_app.config.get("HSTS_INCLUDE_SUBDOMAINS"):
                value += "; includeSubDomains"
            response.headers.setdefault("Strict-Transport-Security", value)
    return response


def _may_be_stored(response: Response) -> bool:
    endpoint = request.endpoint
    if endpoint == STATIC:
        return True
    if endpoint not in PUBLIC_CACHEABLE or response.status_code != 200:
        return False
    if "Set-Cookie" in response.headers:
        return False  # a response that sets a cookie belongs to one browser
    return not current_user.is_authenticated
