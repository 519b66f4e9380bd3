"""axe-core in a Playwright page: the pinned copy from node_modules (package-lock.json), never a CDN.

It is evaluated through the DevTools protocol, so the page's strict CSP (no inline script) stays on."""
from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")


def _source() -> str:
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: run `make setup` (npm ci installs axe-core)")
    return AXE_JS.read_text(encoding="utf-8")


def violations(page, impacts=BLOCKING, context: str | None = None) -> list[dict]:
    """axe's violations on the page as it stands (``impacts`` filters them; None keeps all), each as
    {id, impact, help, nodes: [{target, summary}]}."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    found = page.evaluate(
        """async ([context, tags]) => {
            const result = await axe.run(context ? document.querySelector(context) : document,
                                         {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }""", [context, RULES])
    return [v for v in found if impacts is None or v["impact"] in impacts]


def describe(name: str, found: list[dict]) -> str:
    """One readable block per page, for the failure message."""
    lines = [f"{name}:"]
    for v in found:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:4]:
            lines.append(f"      {node['target']} — {(node['summary'] or '').splitlines()[-1][:160]}")
    return "\n".join(lines)
