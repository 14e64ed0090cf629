"""The catalog's advice on a client's conditions, as ``screen`` prints it after the verdict.

JSON and SARIF carry the same items as objects (``Advice.to_json``); this is
the text for people: a "Keep in mind:" line, then each condition's advice
with its source under it.  Every word comes from the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence

from protocolkit.check.advice import Advice

HEADING = "Keep in mind:"


def keep_in_mind(advice: Sequence[Advice]) -> list[str]:
    """The lines to print after the verdict; none when no condition applies."""
    if not advice:
        return []
    lines = [HEADING]
    for item in advice:
        phase = f" ({item.phase})" if item.phase else ""
        lines.append(f"  {item.condition}{phase}: {item.text}")
        if item.source:
            lines.append(f"    source: {item.source}")
    return lines
