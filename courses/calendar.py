"""iCalendar (.ics) feeds of course sessions that calendar apps subscribe to."""

from icalendar import Calendar, Event, vText

from django.utils import timezone

from home.base_url import absolute

PRODUCT_ID = "-//Latuharhary//Pelatihan//ID"


def build_calendar(name, courses_and_sessions, request):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for course, sessions in courses_and_sessions:
        course_url = absolute(course.url)
        for session in sessions:
            event = Event()
            event.add("uid", f"{session.translation_key}@latuharhary")
            event.add("dtstamp", stamp)
            event.add("dtstart", session.starts_at(course.zone))
            event.add("dtend", session.ends_at(course.zone))
            event.add("summary", f"{session.title} · {course.title}")
            speakers = ", ".join(person.name for person in session.speakers.all())
            description = course_url if not speakers else f"{speakers}\n{course_url}"
            event.add("description", description)
            event.add("url", course_url)
            event["location"] = vText(course.get_format_display())
            calendar.add_component(event)
    # Each TZID used (Asia/Jakarta, Asia/Makassar, Asia/Jayapura) gets its VTIMEZONE, as RFC 5545 requires:
    # calendar apps without the IANA database (Outlook among them) otherwise guess the zone or use UTC.
    calendar.add_missing_timezones()
    return calendar.to_ical()
