"""Keyboard helpers for browser tests: Tab to a control, and measure how visible the focus is."""
from __future__ import annotations

# What the focused element shows, and the colour it is drawn against (the first opaque background
# behind it: an outline with an offset sits on the parent's background).
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const opaque = c => c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c);
  let bg = 'rgb(255, 255, 255)';
  for (let n = el.parentElement; n; n = n.parentElement) {
    const b = getComputedStyle(n).backgroundColor;
    if (opaque(b)) { bg = b; break; }
  }
  const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.id || el.tagName).trim();
  return {tag: el.tagName, id: el.id, name: name.slice(0, 60), visible: el.matches(':focus-visible'),
          outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
          outlineColor: cs.outlineColor, boxShadow: cs.boxShadow, background: bg};
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    parts = css[css.index("(") + 1:css.index(")")].replace("/", ",").split(",")
    return tuple(float(p) for p in parts[:3])


def luminance(css: str) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (_rgb(css))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: the pages use opaque colours)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def focus_problem(state: dict | None) -> str | None:
    """Why the focus indicator of ``state`` (from FOCUS_JS) is not good enough, or None."""
    if state is None:
        return None
    if state["outlineStyle"] != "none" and state["outlineWidth"] >= 2:
        ratio = contrast(state["outlineColor"], state["background"])
        if ratio >= 3:
            return None
        return f"outline {state['outlineColor']} on {state['background']}: contrast {ratio:.2f} < 3"
    if state["boxShadow"] not in ("", "none"):
        return None
    return "no outline and no box-shadow"


def tab_to(page, match, limit: int = 250, backwards: bool = False, seen: list | None = None) -> dict:
    """Press Tab (Shift+Tab) until ``match(state)`` holds for the focused element; every stop passed is
    appended to ``seen`` so that the caller can check the focus was visible all along."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        state = page.evaluate(FOCUS_JS)
        if seen is not None and state is not None:
            seen.append(state)
        if state is not None and match(state):
            return state
    raise AssertionError(f"no focusable element matched after {limit} presses of Tab")


def named(text: str):
    return lambda state: text in state["name"]
