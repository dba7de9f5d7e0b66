"""The OpenAPI 3.1 document of the public API, written from the endpoints' own
declarations (docs/api.md).

Each view declares itself with `@operation(...)` next to its route: path, summary,
parameters, request body and responses, with JSON Schemas (2020-12, as OpenAPI 3.1 takes
them) written as plain dicts. Shared schemas are named once with `component(...)` and
referred to by `ref(...)`. `document()` assembles what was declared; nothing else
describes the API, so the document and the endpoints cannot drift apart unseen (the
schemathesis run in tests/web/api/ checks every answer against it).

Other modules of the API (the dossier endpoints, the feed, webhooks) declare their paths
the same way: importing them before the first request is all it takes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask_babel.speaklater import LazyString  # what lazy_gettext returns

API_VERSION = "1.0.0"
PROBLEM = "Problem"
BEARER = "bearerAuth"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Operation:
    path: str  # as OpenAPI writes it, under /api/v1: "/procedures/{code}"
    method: str  # lower case
    operation_id: str
    # Texts a reader reads (summary, description, a tag's or a parameter's description) may
    # be lazy translations: the document is written in the request's language.
    summary: Any
    tag: str
    responses: Mapping[str, Any]
    description: Any = ""
    parameters: tuple[Mapping[str, Any], ...] = ()
    request_body: Mapping[str, Any] | None = None
    # "bearer": a token is required; "none": public; "optional": either.
    auth: str = "bearer"
    # The operation a system client's token must have been granted (domain/api_access.py).
    grant: str | None = None


_OPERATIONS: dict[tuple[str, str], Operation] = {}
_COMPONENTS: dict[str, Mapping[str, Any]] = {}
_TAGS: dict[str, Any] = {}


def tag(name: str, description: Any) -> None:
    _TAGS[name] = description


def component(name: str, schema: Mapping[str, Any]) -> dict[str, str]:
    """Name a schema once (a second declaration must be identical); returns its `$ref`."""
    known = _COMPONENTS.get(name)
    if known is not None and known != schema:
        raise ValueError(f"schema {name!r} declared twice, differently")
    _COMPONENTS[name] = schema
    return ref(name)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def operation(path: str, method: str, **details: Any) -> Callable[[F], F]:
    """Declare the view below as `method path` of the document."""

    def declare(view: F) -> F:
        key = (path, method.lower())
        if key in _OPERATIONS:
            raise ValueError(f"{method.upper()} {path} declared twice")
        _OPERATIONS[key] = Operation(
            path=path,
            method=method.lower(),
            operation_id=details.pop("operation_id", view.__name__),
            **details,
        )
        return view

    return declare


# --- building blocks ------------------------------------------------------------------


def json_content(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def ok(description: str, schema: Mapping[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": description, "content": json_content(schema)}}


_PROBLEM_DESCRIPTIONS = {
    400: "The request is malformed (not JSON, wrong shape).",
    401: "No token, or a token that is unknown, expired, revoked or no longer valid.",
    403: "The caller may not do this (role, or an operation not granted to the client).",
    404: "Not found, or outside what the caller may see.",
    405: "Method not allowed on this path.",
    409: "The object changed since the version the client sent.",
    413: "The body is too large.",
    415: "The body is not application/json.",
    422: "Invalid input; `errors` names each field.",
    428: "A required version (`expected_version`) is missing.",
    429: "Too many requests; wait `Retry-After` seconds.",
}


def problems(*statuses: int) -> dict[str, Any]:
    """Responses with a problem document, one per status."""
    answers: dict[str, Any] = {}
    for status in statuses:
        answer: dict[str, Any] = {
            "description": _PROBLEM_DESCRIPTIONS.get(status, "Error."),
            "content": {"application/problem+json": {"schema": ref(PROBLEM)}},
        }
        if status in (429, 503):
            answer["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before trying again.",
                    "schema": {"type": "string", "pattern": "^[0-9]+$"},
                }
            }
        if status == 401:
            answer["headers"] = {
                "WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}
            }
        answers[str(status)] = answer
    return answers


def query(
    name: str, schema: Mapping[str, Any], description: Any = "", required: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def in_path(name: str, schema: Mapping[str, Any], description: Any = "") -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


def json_body(schema: Mapping[str, Any], description: str = "") -> dict[str, Any]:
    return {"required": True, "description": description, "content": json_content(schema)}


# --- the document ---------------------------------------------------------------------

_PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "422: one entry per invalid field.",
            "items": {
                "type": "object",
                "required": ["field", "detail"],
                "properties": {"field": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
        "changed_by": {"type": "string", "description": "409: who made the change."},
        "changed_at": {
            "type": "string",
            "format": "date-time",
            "description": "409: when the change was made.",
        },
        "current_version": {"type": "integer", "description": "409: the object's version now."},
    },
}


def operations() -> Iterable[Operation]:
    return sorted(_OPERATIONS.values(), key=lambda op: (op.path, op.method))


def _resolved(value: Any) -> Any:
    """The document with every lazy translation read in the request's language (the
    project's: `?lang=`, else the Accept-Language header, else Vietnamese)."""
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, Mapping):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_resolved(item) for item in value]
    return value


def document(server_url: str, description: Any) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in operations():
        entry: dict[str, Any] = {
            "operationId": op.operation_id,
            "summary": op.summary,
            "tags": [op.tag],
            "responses": dict(op.responses),
        }
        if op.description:
            entry["description"] = op.description
        if op.parameters:
            entry["parameters"] = [dict(parameter) for parameter in op.parameters]
        if op.request_body is not None:
            entry["requestBody"] = dict(op.request_body)
        if op.auth == "none":
            entry["security"] = []
        elif op.auth == "optional":
            entry["security"] = [{}, {BEARER: []}]
        if op.grant:
            entry["x-system-operation"] = op.grant
        paths.setdefault(op.path, {})[op.method] = entry
    return _resolved(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "vpub-onestop API",
                "version": API_VERSION,
                "description": description,
                "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
            },
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "servers": [{"url": server_url}],
            "tags": [{"name": name, "description": text} for name, text in _TAGS.items()],
            "security": [{BEARER: []}],
            "paths": paths,
            "components": {
                "schemas": {PROBLEM: _PROBLEM_SCHEMA, **_COMPONENTS},
                "securitySchemes": {
                    BEARER: {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A token from POST /tokens (a person) or from the "
                        "administrator (a system client).",
                    }
                },
            },
        }
    )
