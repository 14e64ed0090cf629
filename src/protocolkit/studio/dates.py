"""The session's date as a form or a JSON body gives it: empty means today."""

from __future__ import annotations

from datetime import date

BAD_DATE = "Give the session date as a day of the calendar (YYYY-MM-DD)."


def session_date(value: object) -> date | None:
    """The day a YYYY-MM-DD names, or None (today) when none is given; ValueError for a day no calendar has."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(BAD_DATE) from None
