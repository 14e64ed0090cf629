"""What to keep in mind for a client: the catalog's advice on each condition their intake names.

Every verdict carries it, "go" included: a protocol with nothing to change
still meets a client with osteoporosis or a pregnancy, and the therapist
should have the catalog's advice in front of them.  The list is worked out
once, here, for every face (screen's text, JSON and SARIF, the session sheet,
the studio).

``advice_for`` gives one `Advice` per condition the intake names, in the
intake's order (conditions first, then medications, as the intake lists
them), each followed by the conditions it implies (first trimester implies
pregnancy), every condition once.  It follows the same
``restrictions.applicable`` that screening applies, so the advice never
names a condition screening did not weigh.  An id the catalog does not know
is left out (the intake check reports it, and there is no verdict), and so
is a modality's own contraindication the catalog does not list: what it
rules out is in the findings, at the steps.

The words come from the catalog alone, never from the intake: a condition
with no advice of its own falls back to the one line of what it restricts
(``Condition.restriction``), and its source is empty when the catalog gives
none.
"""

from __future__ import annotations

from attrs import frozen

from protocolkit.check.restrictions import applicable, sentence
from protocolkit.model.conditions import Condition, Intake
from protocolkit.plugin.catalog import Catalog


@frozen
class Advice:
    """The catalog's advice on one condition of the client's: ``condition`` is its id, ``text``
    what the therapist should keep in mind, ``source`` where the catalog has it from ("" if unsaid)."""

    condition: str
    text: str
    source: str = ""
    # The phase a dated condition is in on the session's day, or how a pregnancy's weeks read.
    phase: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"condition": self.condition, "text": self.text, "source": self.source, "phase": self.phase}


def advice_for(intake: Intake, catalog: Catalog) -> tuple[Advice, ...]:
    """The advice on every catalog condition that applies to this client, each once, in intake order."""
    seen: dict[str, Advice] = {}
    for item in applicable(intake, catalog):
        # The condition as it acts on the day (a dated one in its phase), if the catalog knows it at all.
        if item.condition.id in catalog.conditions and item.condition.id not in seen:
            seen[item.condition.id] = advice_of(item.condition, item.phase)
    return tuple(seen.values())


def advice_of(condition: Condition, phase: str | None = None) -> Advice:
    """A condition's advice; without any, what it restricts, so that no condition goes unsaid."""
    text = condition.advice.strip()
    if not text:
        text = f"What it restricts: {sentence(condition.restriction)}"
    return Advice(condition.id, text, condition.source.strip(), phase)
