"""JSON Schemas of the dossier endpoints and the status feed (named once in the OpenAPI
document: web/api/openapi.py)."""

from __future__ import annotations

from typing import Any

from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.web.api.openapi import component
from vpub_onestop.web.api.schemas import DATE_TIME, NULLABLE_DATE_TIME, NULLABLE_STRING

STATUS_CODE = {"type": ["integer", "null"], "minimum": 1, "maximum": 10}
CHANNEL = {
    "type": "integer",
    "enum": [1, 2, 3],
    "description": "How the file was lodged: 1 direct, 2 online, 3 by post.",
}
STATE = {"type": "string", "enum": sorted(state.value for state in DossierState)}

_SUMMARY: dict[str, Any] = {
    "code": {"type": "string"},
    "procedure_code": {"type": "string"},
    "procedure_name": {"type": "string"},
    "state": STATE,
    "state_label": {"type": "string"},
    "status_code": STATUS_CODE,
    "channel": CHANNEL,
    "version": {"type": "integer", "description": "Send it back as `expected_version`."},
    "submitted_at": NULLABLE_DATE_TIME,
    "received_at": NULLABLE_DATE_TIME,
    "due_at": NULLABLE_DATE_TIME,
    "appointment_at": NULLABLE_DATE_TIME,
}
DOSSIER_SUMMARY = component(
    "DossierSummary", {"type": "object", "required": list(_SUMMARY), "properties": _SUMMARY}
)
_EVENT: dict[str, Any] = {
    "at": DATE_TIME,
    "action": {"type": "string"},
    "state_label": {"type": "string"},
    "agency": NULLABLE_STRING,
    "actor_name": {
        "type": ["string", "null"],
        "description": "Null where the caller's page shows no staff name.",
    },
    "actor_role": {"type": "string"},
    "note": {
        "type": ["string", "null"],
        "description": "Null where the caller's page shows no note.",
    },
    "is_step": {"type": "boolean"},
}
_STEP: dict[str, Any] = {
    "task_id": {"type": "integer", "description": "Send it as `task_id` to act on the step."},
    "stage": {"type": "integer"},
    "name": {"type": "string"},
    "agency": {"type": "string"},
    "state": {"type": "string", "enum": sorted(state.value for state in TaskState)},
    "state_label": {"type": "string"},
    "version": {
        "type": "integer",
        "description": "Send it back as `expected_version` with an act on the step.",
    },
    "assignee_name": NULLABLE_STRING,
    "due_at": NULLABLE_DATE_TIME,
    "actions": {
        "type": "array",
        "items": {"type": "string"},
        "description": "The acts its task page offers the caller now.",
    },
}
_DETAIL: dict[str, Any] = {
    **_SUMMARY,
    "finished_at": NULLABLE_DATE_TIME,
    "returned_at": NULLABLE_DATE_TIME,
    "events": {
        "type": "array",
        "items": {"type": "object", "required": list(_EVENT), "properties": _EVENT},
    },
    "steps": {
        "type": "array",
        "description": "For a specialist or a leader: the steps of their agency.",
        "items": {"type": "object", "required": list(_STEP), "properties": _STEP},
    },
}
DOSSIER = component("Dossier", {"type": "object", "required": list(_DETAIL), "properties": _DETAIL})


def _text(description: str) -> dict[str, Any]:
    """A free text of a page's form (2,000 characters at most, as the forms take)."""
    return {"type": "string", "maxLength": 2000, "description": description}


TRANSITION = component(
    "Transition",
    {
        "type": "object",
        "required": ["trigger", "expected_version"],
        "properties": {
            "trigger": {"type": "string", "maxLength": 40},
            "expected_version": {"type": "integer", "minimum": 0},
            "note": _text("The reason, opinion or proposal the page's form asks for."),
            "task_id": {
                "type": "integer",
                "minimum": 1,
                "description": "The step acted on (agency work): a `steps[].task_id`.",
            },
            "assignee_id": {"type": "integer", "minimum": 1, "description": "assign."},
            "result_file": {
                "type": "object",
                "description": "propose: the draft result document (PDF, JPEG, PNG).",
                "required": ["filename", "content_base64"],
                "properties": {
                    "filename": {"type": "string", "maxLength": 200},
                    "content_base64": {"type": "string", "contentEncoding": "base64"},
                },
            },
            "items": {
                "type": "array",
                "description": "request_supplement: the papers to bring.",
                "maxItems": 30,
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "maxLength": 300},
                        "reason": {"type": "string", "maxLength": 300},
                    },
                },
            },
            "justification": _text(
                "request_supplement: needed after 3 working days or a second time."
            ),
            "amount_vnd": {"type": "integer", "minimum": 1, "description": "request_payment."},
            "new_date": {
                "type": "string",
                "format": "date",
                "description": "apologise: the new appointment day, YYYY-MM-DD.",
            },
        },
    },
)
_SUBMITTED: dict[str, Any] = {
    "code": {"type": "string"},
    "lookup_key": NULLABLE_STRING,
    "state": STATE,
    "state_label": {"type": "string"},
    "status_code": STATUS_CODE,
    "version": {"type": "integer"},
    "submitted_at": NULLABLE_DATE_TIME,
}
SUBMITTED = component(
    "SubmittedDossier",
    {"type": "object", "required": list(_SUBMITTED), "properties": _SUBMITTED},
)
_FEED_EVENT: dict[str, Any] = {
    "id": {"type": "integer", "description": "The event's identity (webhooks' event id)."},
    "type": {"const": "dossier.status_changed"},
    "position": {"type": "integer", "description": "Its place in the feed."},
    "dossier_code": NULLABLE_STRING,
    "status_code": {"type": "integer", "minimum": 1, "maximum": 10},
    "previous_status_code": STATUS_CODE,
    "state": STATE,
    "channel": CHANNEL,
    "occurred_at": DATE_TIME,
    "submitted_at": NULLABLE_DATE_TIME,
    "received_at": NULLABLE_DATE_TIME,
    "due_at": NULLABLE_DATE_TIME,
    "appointment_at": NULLABLE_DATE_TIME,
    "finished_at": NULLABLE_DATE_TIME,
    "returned_at": NULLABLE_DATE_TIME,
}
FEED_EVENT = component(
    "StatusEvent",
    {"type": "object", "required": list(_FEED_EVENT), "properties": _FEED_EVENT},
)
