"""The model's attrs validators, each raising one sentence a plugin author can act on.

attrs' own validators (``attrs.validators.in_``, ``instance_of``, ``ge``) put
the ``attrs.Attribute`` they checked into the error's arguments, so a plugin
that wrote ``PressureRange.of(0, 1)`` was told
``("'level' must be in range(1, 6) (got 0)", Attribute(name='level', ...), ...)``.
These name the value and what is allowed, and nothing else; the exception
types are the ones attrs raised (ValueError, TypeError for a wrong type), so
code that caught them still does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
SLUG_RULE = "lower-case letters and digits, words joined by single hyphens"
# A value echoed in a message is cut here: one sentence, even for a pasted paragraph.
_SHOWN = 40

Validator = Callable[[Any, Any, Any], None]


def shown(value: object) -> str:
    """``repr(value)``, shortened so that the message stays one line."""
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN - 6]}…{text[-3:]}"


def is_slug(text: object) -> bool:
    """True for ids such as ``deep-tissue`` or ``range-of-motion``."""
    return isinstance(text, str) and bool(SLUG.match(text))


def slug(what: str, example: str) -> Validator:
    """``what`` (``"technique id"``) must be a slug; ``example`` is one the message shows."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not is_slug(value):
            raise ValueError(f"{what} {shown(value)} is not a lower-case slug such as '{example}' ({SLUG_RULE})")

    return check


def slugs(what: str, example: str) -> Validator:
    """Every entry of a tuple of ids must be a slug."""

    def check(_instance: object, _attribute: object, value: Sequence[object]) -> None:
        for item in value:
            if not is_slug(item):
                raise ValueError(f"{what} entry {shown(item)} is not a lower-case slug such as '{example}' "
                                 f"({SLUG_RULE})")

    return check


def _quoted(allowed: Sequence[str]) -> str:
    names = [f"'{item}'" for item in allowed]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def one_of(what: str, allowed: Sequence[str], *, optional: bool = False) -> Validator:
    """The value must be one of ``allowed`` (or None, when ``optional``)."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if optional and value is None:
            return
        try:
            known = value in allowed
        except TypeError:  # an unhashable value is simply not one of them
            known = False
        if not known:
            raise ValueError(f"{what} {shown(value)} is not allowed: use {_quoted(allowed)}")

    return check


def not_negative_seconds(_instance: object, _attribute: object, value: Any) -> None:
    """A Duration's seconds: an int (as attrs' ``ge`` compared it) of 0 or more."""
    if value < 0:
        raise ValueError(f"a duration of {shown(value)} seconds is negative: a duration is 0 seconds or more")


WALTON = "use 1 (light lotioning) to 5 (maximal)"


def walton_level(_instance: object, _attribute: object, value: Any) -> None:
    """A Pressure's level: an int from 1 to 5 (bool passes, as it did with attrs' ``instance_of(int)``)."""
    if not isinstance(value, int):
        raise TypeError(f"pressure {shown(value)} is a {type(value).__name__}, not a Walton level: {WALTON}, "
                        "or Pressure.parse('moderate') for a word")
    if value not in range(1, 6):
        raise ValueError(f"pressure {value} is not a Walton level: {WALTON}")
