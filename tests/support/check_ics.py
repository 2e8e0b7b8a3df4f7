"""Reads an iCalendar file with the independent `icalendar` package (PyPI)
and prints what it found as JSON, for tests/calendar.rs to judge.

usage: python3 check_ics.py FILE.ics
Exit 3 when the package is missing, 1 when the file does not parse strictly.
"""
import datetime
import json
import sys

try:
    import icalendar
except ImportError:
    sys.exit(3)

raw = open(sys.argv[1], "rb").read()
cal = icalendar.Calendar.from_ical(raw)
problems = []
for component in cal.walk():
    # icalendar collects what it could not parse instead of raising.
    for prop, err in getattr(component, "errors", []):
        problems.append(f"{component.name}: {prop}: {err}")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)

events = []
for ev in cal.walk("VEVENT"):
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    alarms = [
        {
            "action": str(a.get("ACTION")),
            "trigger_seconds": a.decoded("TRIGGER").total_seconds(),
            "description": str(a.get("DESCRIPTION")),
        }
        for a in ev.walk("VALARM")
    ]
    events.append(
        {
            "uid": str(ev.get("UID")),
            "dtstamp_utc": ev.decoded("DTSTAMP").tzinfo is not None,
            # A date, not a date-time: an all-day event.
            "all_day": type(start) is datetime.date and type(end) is datetime.date,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "summary": str(ev.get("SUMMARY")),
            "description": str(ev.get("DESCRIPTION")),
            "alarms": alarms,
        }
    )
print(
    json.dumps(
        {
            "version": str(cal.get("VERSION")),
            "prodid": str(cal.get("PRODID")),
            "events": events,
        },
        ensure_ascii=False,
    )
)
