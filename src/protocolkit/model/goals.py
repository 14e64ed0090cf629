"""Goals a session can be composed for, and the regions each one needs.

A goal is an indication a modality lists ("hamstring-flexibility"); a plugin
that knows which regions serve it registers a ``Goal`` so that ``compose
--goal`` can pick them when the therapist names none.  The first region is the
focus: it gets the most time.
"""

from __future__ import annotations

from attrs import field, frozen

from protocolkit.model.protocol import is_slug, strings


def _slug(_instance: object, attribute: object, value: str) -> None:
    if not is_slug(value):
        raise ValueError(f"goal {value!r} is not a lower-case slug such as 'hamstring-flexibility'")


@frozen
class Goal:
    """What a goal needs: the regions to work, the focus first, and where that comes from."""

    id: str = field(validator=_slug)
    name: str
    regions: tuple[str, ...] = field(converter=strings)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.regions:
            raise ValueError(f"goal {self.id!r} names no region")

    @property
    def focus(self) -> str:
        return self.regions[0]
