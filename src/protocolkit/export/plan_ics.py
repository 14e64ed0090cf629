"""A treatment plan's sessions as an iCalendar file (RFC 5545), for a clinic's or a client's calendar.

One ``VEVENT`` per session, written by the ``icalendar`` library (the
optional ``calendar`` extra: ``pip install 'protocolkit[calendar]'``).  The
sessions are dated from the plan's start (``--start``, required here): all-day
events, or with ``options["time"]`` (``HH:MM``, the clinic's local time, left
floating: no time zone is invented) events that last the protocol's duration.

Nothing of a client is in the file: a plan holds none.  Each event's summary is
the plan's title, the session's number of all and its protocol's title; its
description says the phase and whether the session ends with a reassessment.

The bytes are reproducible: each UID is made from the plan id and the
session's number (so a calendar that imports the file again updates its
events rather than doubling them), and DTSTAMP, which RFC 5545 requires, is
midnight UTC of the start date rather than the time of the export.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from protocolkit.export.plan_context import PlanExport

PRODUCT_ID = "-//protocolkit//treatment plan//EN"
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


class CalendarUnavailable(Exception):
    """The calendar file cannot be made: the ``icalendar`` library is not installed, or there is no start."""


def parse_time(value: str) -> time:
    """``HH:MM`` (24 hours) as a time of day; ValueError otherwise."""
    match = _TIME.match(value.strip())
    if match is None:
        raise ValueError(f"'{value}' is not a time of day; write it as HH:MM, such as 09:30 or 17:00")
    return time(int(match.group(1)), int(match.group(2)))


def session_uid(plan_id: str, number: int) -> str:
    """The UID of a session's event: the same for the same plan and session, whatever the dates."""
    return f"{plan_id}-session-{number}@protocolkit"


def render(export: PlanExport) -> str:
    """The calendar, as RFC 5545 text (CRLF line ends)."""
    try:
        from icalendar import Calendar, Event
    except ImportError:
        raise CalendarUnavailable("--to ics needs the icalendar library: pip install 'protocolkit[calendar]'") \
            from None
    if export.start is None:
        raise CalendarUnavailable("--to ics needs --start DATE: the first session's date (YYYY-MM-DD)")
    at = parse_time(export.options["time"]) if export.options.get("time") else None
    plan = export.report.plan
    stamp = datetime.combine(export.start, time(0, 0), tzinfo=timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", plan.title)
    count = len(export.sessions)
    for session in export.sessions:
        day: date = session.date if session.date is not None else export.start + timedelta(days=session.day)
        event = Event()
        event.add("uid", session_uid(plan.id, session.number))
        event.add("dtstamp", stamp)
        if at is None:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        else:
            begins = datetime.combine(day, at)
            event.add("dtstart", begins)
            minutes = session.duration.seconds if session.duration else 0
            event.add("dtend", begins + timedelta(seconds=minutes))
        protocol = session.protocol_title or session.protocol_reference
        event.add("summary", f"{plan.title}: session {session.number}/{count}, {protocol}")
        about = [f"Phase {session.phase + 1}, session {session.phase_session}."]
        if session.reassess:
            about.append("Reassess at the end of this session.")
        event.add("description", " ".join(about))
        event.add("transp", "OPAQUE" if at is not None else "TRANSPARENT")
        calendar.add_component(event)
    written: bytes = calendar.to_ical()
    return written.decode("utf-8")
