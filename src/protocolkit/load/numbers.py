"""Numbers as a document writes them: read exactly, or refused with a reason.

Every number a document gives must fit a double (about 1.8e308 either way), as
JSON readers everywhere expect: the checks add hours up as floats.  Past that,
Python fails in ways a user cannot act on: an integer of more than 4,300
decimal digits is refused by ``int()`` (and one read from ``0x`` and 4,300 hex
digits breaks the first message that quotes it), one of 310 digits breaks
``float()``, and a float literal that large silently reads as infinity.  The
loaders refuse such a number where it is written instead, and, looking at
the digits before converting them, never spend time on a long one.
"""

from __future__ import annotations

import math
from typing import Final

__all__ = ["NumberRefused", "read_float", "read_int", "shown"]

# Significant digits past which a number in this base is beyond any double, without converting it.
_MOST_DIGITS: Final = {10: 310, 8: 343, 16: 257}
_BASES: Final = {"0o": 8, "0x": 16}
_SHOWN: Final = 24  # characters of a refused number quoted in its message


class NumberRefused(ValueError):
    """A number the loader cannot hold; the message says why and what to write instead."""


def shown(text: str) -> str:
    """The start of a long number, enough to recognise it in a message."""
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}… ({len(text):,} characters)"


def read_int(text: str) -> int:
    """``text`` (ASCII decimal digits with an optional sign, ``0o`` octal or ``0x`` hex) as an int,
    or NumberRefused when it is beyond a double.  The syntax is the caller's to have checked."""
    base = _BASES.get(text[:2], 10)
    digits = text[2:] if base != 10 else text.lstrip("+-")
    significant = digits.lstrip("0") or "0"
    if len(significant) > _MOST_DIGITS[base]:
        raise NumberRefused(_too_large(text))
    value = int(significant, base)
    try:
        float(value)
    except OverflowError:
        raise NumberRefused(_too_large(text)) from None
    return -value if text.startswith("-") else value


def read_float(text: str) -> float:
    """``text``, digits written out, as a float; one so large it would read as infinity is refused."""
    value = float(text)
    if math.isinf(value):
        raise NumberRefused(_too_large(text))
    return value


def _too_large(text: str) -> str:
    return (f"the number {shown(text)} is too large: protocolkit reads numbers up to about 1.8e308 "
            "(a double); write the number meant, or quote it if it is text")
