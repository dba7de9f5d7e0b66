"""axe-core, vendored from npm into tests/browser/vendor (see its README: version, source,
sha256, licence), run inside the page by the browser tests. Nothing is fetched at run time."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core-4.14.1" / "axe.min.js"
# sha256 of axe.min.js as unpacked from registry.npmjs.org/axe-core/-/axe-core-4.14.1.tgz
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
# The impacts that fail the run (axe's scale: minor, moderate, serious, critical).
FAILING = ("serious", "critical")

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({
      rule: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                summary: n.failureSummary || ''}))
    }));
}"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    target: str  # the element's CSS path as axe reports it
    html: str
    summary: str

    def describe(self) -> str:
        where = f"{self.target}: {self.html}"
        return f"{self.impact} {self.rule} ({self.help}) at {where}\n    {self.summary}"


@cache
def axe_source() -> str:
    data = AXE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == AXE_SHA256, f"{AXE} is not the recorded axe-core 4.14.1 ({digest})"
    return data.decode("utf-8")


def install(context: BrowserContext) -> None:
    """Every page the context opens gets axe before its own scripts (a DevTools injection:
    the app's Content-Security-Policy stays as served)."""
    context.add_init_script(script=axe_source())


def serious_violations(page: Page) -> list[Violation]:
    found = page.evaluate(_RUN)
    return [
        Violation(v["rule"], v["impact"], v["help"], n["target"], n["html"], n["summary"])
        for v in found
        for n in v["nodes"]
    ]
