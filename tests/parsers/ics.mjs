// Reads an iCalendar file with ical.js (Mozilla's parser, as Thunderbird
// uses it) and prints each event's SUMMARY and DESCRIPTION values, and its
// alarms' DESCRIPTION, as JSON for tests/outside.rs to judge.
// usage: node ics.mjs FILE.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const cal = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
const events = cal.getAllSubcomponents("vevent").map((ev) => ({
  summary: ev.getFirstPropertyValue("summary"),
  description: ev.getFirstPropertyValue("description"),
  alarms: ev.getAllSubcomponents("valarm").map((a) => a.getFirstPropertyValue("description")),
}));
console.log(JSON.stringify({ events }));
