"""The layering of docs/architecture.md, checked on every `make test`:

    web  ->  services (write side) / queries (read side)  ->  access  ->  models  ->  domain

An AST walk over every module of the package (imports inside functions included, so a
lazy import cannot hide a dependency). Each violation names the file, the line and the
import, so whoever breaks the rule sees at once what to move where.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "vpub_onestop"
PACKAGE_ROOT = Path(__file__).resolve().parents[2] / PACKAGE

# Frameworks the pure domain never touches (it is plain Python, tested without an app).
FRAMEWORKS = ("flask", "flask_", "sqlalchemy", "werkzeug")
# The flask-login user loader reads the User model: the one view code allowed to.
USER_LOADER_MODULE = f"{PACKAGE}/web/__init__.py"


@dataclass(frozen=True)
class Import:
    file: str  # path relative to the package's parent, with "/" separators
    line: int
    module: str  # absolute dotted name of what is imported
    name: str | None  # the name taken from it (`from module import name`), if any
    type_only: bool  # inside `if TYPE_CHECKING:`


def _layer(module: str) -> str | None:
    """ "domain", "models", ... for a module of ours; None for anything else."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    return parts[1] if len(parts) > 1 else ""


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, root: Path) -> Iterator[Import]:
    relative = path.relative_to(root.parent).as_posix()
    # The package a relative import starts from: the module's own (for an __init__.py, the
    # package it initialises).
    package = list(path.relative_to(root.parent).with_suffix("").parts)[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)

    def walk(node: ast.AST, type_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for inner in child.body:
                    yield from walk_one(inner, True)
                for inner in child.orelse:
                    yield from walk_one(inner, type_only)
            else:
                yield from walk_one(child, type_only)

    def walk_one(node: ast.AST, type_only: bool) -> Iterator[Import]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(relative, node.lineno, alias.name, None, type_only)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                # `from vpub_onestop import services` imports the package vpub_onestop.services
                yield Import(relative, node.lineno, f"{base}.{alias.name}", alias.name, type_only)
        yield from walk(node, type_only)

    yield from walk(tree, False)


def _rule(imp: Import) -> str | None:
    """Why `imp` breaks the layering, or None when it is allowed."""
    source = _layer(imp.file.removesuffix(".py").replace("/", "."))
    target = _layer(imp.module)
    if source == "domain":
        if target is not None and target != "domain":
            return "domain/ imports nothing of ours outside domain/"
        top = imp.module.split(".")[0]
        if any(top == f or (f.endswith("_") and top.startswith(f)) for f in FRAMEWORKS):
            return "domain/ is plain Python: no Flask, no SQLAlchemy"
    if source == "queries" and target == "services":
        return "queries/ never import services/ (shared reads live in access/)"
    if source == "access" and target in ("services", "queries", "web"):
        return "access/ lies below services/ and queries/"
    if source == "services" and target == "web":
        return "services/ never import web/"
    if source == "models" and target in ("services", "queries", "web", "access"):
        return "models/ import only domain/ and the database layer"
    if source == "web" and target == "models":
        if imp.file == USER_LOADER_MODULE or imp.type_only:
            # A type-only import names what a query returns; it cannot read the database.
            return None
        return "web/ reads models only through queries/ (the user loader excepted)"
    return None


def layering_violations(root: Path) -> list[str]:
    """One line per import that breaks the layering: "file:line imports module: rule"."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.relative_to(root).parts:
            continue  # Alembic scripts: generated, and they import nothing of the app's layers
        for imp in _imports(path, root):
            why = _rule(imp)
            if why is not None:
                found.append(f"{imp.file}:{imp.line} imports {imp.module}: {why}")
    return found


def test_the_package_respects_its_layers() -> None:
    violations = layering_violations(PACKAGE_ROOT)
    assert violations == [], "\n".join(violations)


# --- the checker itself, on a small fake package --------------------------------------


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "domain/rules.py",
            "from vpub_onestop.models import Dossier\n",
            "vpub_onestop/domain/rules.py:1 imports vpub_onestop.models.Dossier: domain/",
        ),
        (
            "domain/rules.py",
            "import os\nimport flask\n",
            "vpub_onestop/domain/rules.py:2 imports flask: domain/ is plain Python",
        ),
        (
            "domain/rules.py",
            "from flask_babel import gettext\n",
            "vpub_onestop/domain/rules.py:1 imports flask_babel.gettext: domain/ is plain",
        ),
        (
            "domain/rules.py",
            "def later():\n    from sqlalchemy import select\n",
            "vpub_onestop/domain/rules.py:2 imports sqlalchemy.select: domain/ is plain",
        ),
        (
            "queries/pages.py",
            "from ..services.transition import load_dossier\n",
            "vpub_onestop/queries/pages.py:1 imports vpub_onestop.services.transition.load_dossier:"
            " queries/ never import services/",
        ),
        (
            "queries/pages.py",
            "from vpub_onestop import services\n",
            "vpub_onestop/queries/pages.py:1 imports vpub_onestop.services: queries/ never",
        ),
        (
            "services/act.py",
            "import vpub_onestop.web.forms\n",
            "vpub_onestop/services/act.py:1 imports vpub_onestop.web.forms: services/ never",
        ),
        (
            "web/views.py",
            "from vpub_onestop.models import User\n",
            "vpub_onestop/web/views.py:1 imports vpub_onestop.models.User: web/ reads models",
        ),
        (
            "models/dossier.py",
            "from vpub_onestop.queries.stats import open_now\n",
            "vpub_onestop/models/dossier.py:1 imports vpub_onestop.queries.stats.open_now: models/",
        ),
        (
            "access/loading.py",
            "from vpub_onestop.services.uow import unit_of_work\n",
            "vpub_onestop/access/loading.py:1 imports vpub_onestop.services.uow.unit_of_work:"
            " access/",
        ),
    ],
)
def test_a_bad_import_is_reported_with_its_file_and_module(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    violations = layering_violations(_fake_package(tmp_path, {name: text}))
    assert len(violations) == 1
    assert violations[0].startswith(expected)


def test_allowed_imports_pass(tmp_path: Path) -> None:
    root = _fake_package(
        tmp_path,
        {
            "domain/rules.py": (
                "from datetime import date\nfrom vpub_onestop.domain import status\n"
            ),
            "queries/pages.py": "from vpub_onestop.access.loading import load_dossier\n",
            "services/act.py": "from vpub_onestop.queries.stats import open_now\n",
            "web/__init__.py": "from vpub_onestop.models.org import User\n",
            "web/views.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from vpub_onestop.models import Dossier\n"
            ),
        },
    )
    assert layering_violations(root) == []
