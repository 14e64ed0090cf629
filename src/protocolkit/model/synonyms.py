"""Words people write for a condition or region that are not its id: did-you-mean hints only."""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from protocolkit.model.protocol import is_slug, strings


SynonymKind = Literal["condition", "region"]


def _synonym_word(_instance: object, _attribute: object, value: str) -> None:
    if not is_slug(value):
        raise ValueError(f"synonym {value!r} is not a lower-case slug such as 'slipped-disc'")


@frozen
class Synonym:
    """A word people write for a condition or region that is not its id, and the ids it may mean.

    Synonyms only ever feed did-you-mean hints: an intake still has to name the
    id, so that a person, not a guess, decides what the client has.  A word may
    mean more than one id ("lower-leg": the calf or the shin); the hint then
    names them all."""

    word: str = field(validator=_synonym_word)
    targets: tuple[str, ...] = field(converter=strings)
    kind: SynonymKind = "condition"

    def __attrs_post_init__(self) -> None:
        if not self.targets:
            raise ValueError(f"synonym {self.word!r} names no {self.kind}")
        if self.kind not in ("condition", "region"):
            raise ValueError(f"synonym {self.word!r}: kind {self.kind!r} is not 'condition' or 'region'")

    @property
    def id(self) -> str:
        """What the catalog keys it by: one word per kind."""
        return f"{self.kind}:{self.word}"
