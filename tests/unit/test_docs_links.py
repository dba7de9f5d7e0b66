"""The project's own documentation stands alone: every `docs/<page>.md#<anchor>` that code,
tests, templates or the README cite, and every link between the docs pages, leads to an
anchor that exists; nothing points to documents outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SOURCES = [
    *sorted((ROOT / "vpub_onestop").rglob("*.py")),
    *sorted((ROOT / "tests").rglob("*.py")),
    *sorted((ROOT / "templates").rglob("*.html")),
    ROOT / "README.md",
    ROOT / "config.py",
]
CITATION = re.compile(r"docs/(\w+)\.md#([\w-]+)")
LINK = re.compile(r"\]\((?:(\w+)\.md)?#([\w-]+)\)")
OUTSIDE = re.compile(r"\.\./shared|ONE-STOP\.md|ANCHOR-CODEBASES|TOOLCHAIN\.md|ARCHITECTURE\.md")


def _anchors(page: str) -> set[str]:
    return set(re.findall(r'<a id="([\w-]+)"></a>', (DOCS / f"{page}.md").read_text("utf-8")))


def test_the_three_pages_exist_with_anchors() -> None:
    for page in ("architecture", "domain", "policies"):
        assert len(_anchors(page)) >= 8, page


def test_every_citation_in_the_code_leads_to_an_anchor() -> None:
    broken = []
    for path in SOURCES:
        for page, anchor in CITATION.findall(path.read_text("utf-8")):
            if not (DOCS / f"{page}.md").exists() or anchor not in _anchors(page):
                broken.append(f"{path.relative_to(ROOT)}: docs/{page}.md#{anchor}")
    assert broken == []


def test_every_link_between_the_pages_leads_to_an_anchor() -> None:
    broken = []
    for doc in sorted(DOCS.glob("*.md")):
        for page, anchor in LINK.findall(doc.read_text("utf-8")):
            target = page or doc.stem
            if anchor not in _anchors(target):
                broken.append(f"{doc.name}: {target}.md#{anchor}")
    assert broken == []


def test_nothing_points_outside_the_repository() -> None:
    this = Path(__file__).resolve()
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*SOURCES, *DOCS.glob("*.md")]
        if path.resolve() != this and OUTSIDE.search(path.read_text("utf-8"))
    ]
    assert offenders == []
