"""Catalogue import with a dry run (docs/domain.md#catalogue-import): each procedure of a
JSON or CSV file is new, a new version of one in force (with the fields that changed),
unchanged, or an error (its row and why). The import applies the same plan: a new
procedure is published as version 1; a changed one gets a new version, copied from the
version in force and overwritten with the file's data, which replaces it for new dossiers
(services/catalogue_versions.py); dossiers already received keep theirs. Each procedure is
its own transaction, so a long import shows its progress and a second run skips what the
first one did. A .zip export also carries the papers' uploaded templates
(services/catalogue_templates.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain.admin_audit import COMMAND_LINE
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.catalogue_bundle import Bundle, open_bundle
from vpub_onestop.domain.catalogue_csv import from_csv
from vpub_onestop.domain.catalogue_entry import (
    RECEIVING_UNIT,
    EntryError,
    canonical,
    differences,
    facts,
)
from vpub_onestop.domain.catalogue_versions import ProcedureStatus, publish_problems
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.extensions import db
from vpub_onestop.models import Procedure
from vpub_onestop.queries.catalogue_export import agency_keys, published_procedures, version_entry
from vpub_onestop.services.catalogue_audit import record_catalogue_change
from vpub_onestop.services.catalogue_fill import fill_version
from vpub_onestop.services.catalogue_import import import_agencies
from vpub_onestop.services.catalogue_templates import (
    TEMPLATE_OUTCOMES,
    Known,
    TemplateLine,
    attach_templates,
    check_templates,
    known_templates,
)
from vpub_onestop.services.catalogue_versions import VERSION_ATTRIBUTES, require_admin
from vpub_onestop.services.paper_templates import snapshot_with_templates
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.services.version_copy import copy_version

NEW, NEW_VERSION, UNCHANGED, ERROR = "new", "new_version", "unchanged", "error"
OUTCOMES = (NEW, NEW_VERSION, UNCHANGED, ERROR)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CatalogueSource:
    """A file read: each procedure with its row (or why it cannot be read), the blank
    forms it names, and the agencies it declares."""

    rows: list[tuple[int, dict[str, Any] | EntryError]]
    forms: Mapping[str, Any] = field(default_factory=dict)
    agencies: list[dict[str, Any]] = field(default_factory=list)
    bundle: Bundle | None = None  # the .zip the file came in, holding its templates


@dataclass(frozen=True)
class PlanLine:
    row: int
    code: str
    outcome: str
    fields: tuple[str, ...] = ()
    reason: str | None = None


@dataclass
class Plan:
    lines: list[PlanLine]
    templates: list[TemplateLine] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}

    def template_counts(self) -> dict[str, int]:
        return {
            outcome: sum(1 for line in self.templates if line.outcome == outcome)
            for outcome in TEMPLATE_OUTCOMES
        }


def read_source(file_name: str, content: bytes) -> CatalogueSource:
    """A JSON (the seed's shape), CSV or .zip export file; ValidationError when it is
    none of them."""
    if file_name.lower().endswith(".zip"):
        try:
            bundle = open_bundle(content)
        except EntryError as error:
            raise ValidationError(error.message) from None
        return replace(read_source("catalogue.json", bundle.catalogue), bundle=bundle)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(N_("Tệp phải là văn bản UTF-8 (JSON hoặc CSV).")) from None
    if file_name.lower().endswith(".csv"):
        return CatalogueSource(from_csv(text))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            N_("Tệp JSON không hợp lệ (dòng %(line)s).", line=error.lineno)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
        raise ValidationError(N_('Tệp JSON phải có danh sách "procedures".'))
    rows: list[tuple[int, dict[str, Any] | EntryError]] = [
        (number, entry) for number, entry in enumerate(data["procedures"], start=1)
    ]
    forms = data.get("forms") if isinstance(data.get("forms"), dict) else {}
    agencies = [a for a in data.get("agencies", []) if isinstance(a, dict) and a.get("key")]
    return CatalogueSource(rows, forms or {}, agencies)


@dataclass(frozen=True)
class _Checked:
    line: PlanLine
    entry: dict[str, Any] | None = None
    templates: list[TemplateLine] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # templates to store, by sha256


def _check_all(
    session: Session, source: CatalogueSource, progress: Progress | None
) -> tuple[list[_Checked], Known]:
    """Each line checked, and the templates the server holds (by sha256)."""
    keys = agency_keys(session)
    known = set(keys.values()) | {a["key"] for a in source.agencies} | {RECEIVING_UNIT}
    published = published_procedures(session)
    current = {p.code: canonical(version_entry(p, keys, templates=True)) for p in published}
    templates = known_templates(published)
    drafts = set(
        session.scalars(select(Procedure.code).where(Procedure.status == ProcedureStatus.DRAFT))
    )
    seen: dict[str, int] = {}
    checked: list[_Checked] = []
    total = len(source.rows)
    for done, (row, raw) in enumerate(source.rows, start=1):
        checked.append(_check(row, raw, source, known, current, drafts, seen, templates))
        if progress is not None:
            progress(done, total)
    return checked, templates


def _check(
    row: int,
    raw: dict[str, Any] | EntryError,
    source: CatalogueSource,
    known: set[str],
    current: dict[str, dict[str, Any]],
    drafts: set[str],
    seen: dict[str, int],
    templates: Known,
) -> _Checked:
    code = str(raw.get("code", "")) if isinstance(raw, dict) else ""
    try:
        if isinstance(raw, EntryError):
            raise raw
        entry = canonical(raw, source.forms)
    except EntryError as error:
        return _Checked(PlanLine(row, code, ERROR, reason=str(error.message)))
    code = entry["code"]
    if not raw.get("declaration") and code in current:
        # A file that says nothing of the declaration form keeps the one in force (a CSV
        # from another system must not wipe the forms out).
        entry["declaration"] = current[code]["declaration"]
    if code in seen:
        reason = N_("Mã thủ tục trùng với dòng %(row)s.", row=seen[code])
        return _Checked(PlanLine(row, code, ERROR, reason=reason))
    seen[code] = row
    in_force = current[code]["documents"] if code in current else []
    raw_documents = raw.get("documents") or []
    papers = check_templates(
        row, code, raw_documents, entry["documents"], in_force, source.bundle, templates
    )
    if papers.refusal is not None:
        return _Checked(PlanLine(row, code, ERROR, reason=papers.refusal), None, papers.lines)
    checked = _outcome(row, code, entry, known, current, drafts)
    return replace(checked, templates=papers.lines, files=papers.files)


def _outcome(
    row: int,
    code: str,
    entry: dict[str, Any],
    known: set[str],
    current: dict[str, dict[str, Any]],
    drafts: set[str],
) -> _Checked:
    unknown = sorted({s["agency"] for stage in entry["route"] for s in stage} - known)
    if unknown:
        reason = N_("Không có cơ quan: %(keys)s.", keys=", ".join(unknown))
        return _Checked(PlanLine(row, code, ERROR, reason=reason))
    problems = publish_problems(facts(entry))
    if problems:
        return _Checked(PlanLine(row, code, ERROR, reason=" ".join(problems)))
    if code in drafts:
        reason = N_("Thủ tục đang có bản nháp; công bố hoặc hủy bản nháp trước khi nhập.")
        return _Checked(PlanLine(row, code, ERROR, reason=reason))
    if code not in current:
        return _Checked(PlanLine(row, code, NEW), entry)
    changed = differences(current[code], entry)
    if not changed:
        return _Checked(PlanLine(row, code, UNCHANGED))
    return _Checked(PlanLine(row, code, NEW_VERSION, tuple(changed)), entry)


def plan_catalogue(source: CatalogueSource, progress: Progress | None = None) -> Plan:
    """The dry run: what the import would do, line by line; nothing is written."""
    checked, _ = _check_all(db.session(), source, progress)
    db.session.rollback()  # end the read transaction
    return _plan(checked)


def _plan(checked: list[_Checked]) -> Plan:
    return Plan([item.line for item in checked], [t for item in checked for t in item.templates])


def apply_catalogue(
    source: CatalogueSource, progress: Progress | None = None, *, actor: Actor = COMMAND_LINE
) -> Plan:
    """Imports what the dry run shows as new or changed; errors and unchanged are skipped.
    `progress` sees the check (first half) and the writing (second half). Each procedure
    written is recorded in the admin audit under `actor` (the command line by default)."""
    require_admin(actor)
    with unit_of_work() as session:
        import_agencies(session, source.agencies)
    half = (lambda done, total: progress(done, 2 * total)) if progress else None
    checked, templates = _check_all(db.session(), source, half)
    db.session.rollback()
    today = clock.now().astimezone(LOCAL_TZ).date()
    total = len(checked)
    for done, item in enumerate(checked, start=1):
        if item.entry is not None:
            _write(item, today, actor, templates)
        if progress is not None:
            progress(total + done, 2 * total)
    return _plan(checked)


def _write(item: _Checked, today: date, actor: Actor, templates: Known) -> None:
    entry, outcome = item.entry, item.line.outcome
    assert entry is not None
    with unit_of_work() as session:
        ids = {key: agency_id for agency_id, key in agency_keys(session).items()}
        before = None
        if outcome == NEW:
            procedure = Procedure(code=entry["code"], version=1)
        else:
            previous = session.scalars(
                select(Procedure).where(
                    Procedure.code == entry["code"], Procedure.is_current.is_(True)
                )
            ).one()
            latest = session.scalar(
                select(func.max(Procedure.version)).where(Procedure.code == entry["code"])
            )
            before = snapshot_with_templates(session, previous)
            procedure = copy_version(previous, skip=VERSION_ATTRIBUTES)
            procedure.version = int(latest or 0) + 1
            previous.status, previous.is_current = ProcedureStatus.RETIRED, False
            previous.valid_to = today
        fill_version(procedure, entry, ids)
        attach_templates(session, procedure, entry["documents"], templates, item.files)
        procedure.status, procedure.is_current = ProcedureStatus.PUBLISHED, True
        procedure.valid_from, procedure.valid_to = today, None
        session.add(procedure)
        after = snapshot_with_templates(session, procedure)
        record_catalogue_change(session, actor, entry["code"], "import", before=before, after=after)
