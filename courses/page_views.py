"""What a reader sees and does on a course page and a lesson page.

The page models (`courses.models.pages`) hold data only; this module gives them their reader
context and sub-routes through `courses.hooks.PAGE_CONTEXT` and `PAGE_ROUTES` (registered in
`courses.wagtail_hooks`), and keeps lessons to enrolled participants and course staff with
Wagtail's `before_serve_page` hook. The rules themselves are in `courses.enrolment`,
`courses.attendance` and `courses.completion`.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from courses import hooks
from courses.access import active_enrolment, course_access, is_course_staff
from courses.attendance import AttendanceError, WrongCodeError, check_in
from courses.calendar import build_calendar
from courses.choices import AttendanceStatus, EnrolmentMode, EnrolmentStatus
from courses.completion import evaluate, update_completion
from courses.enrolment import EnrolmentError, WrongKeyError, enrol, withdraw
from courses.models import Attendance, CoursePage, Enrolment, LessonCompletion, LessonPage, ParticipantProfile
from home.security import RateLimit, too_many

ENROLMENT_MESSAGES = {
    EnrolmentStatus.APPROVED: _("You are enrolled. The schedule and lessons are below."),
    EnrolmentStatus.PENDING: _("Your enrolment is waiting for the organisers' approval; we will e-mail you."),
    EnrolmentStatus.WAITLISTED: _(
        "The course is full, so you are on the waiting list; we will e-mail you when a place frees up."
    ),
}
ENROLMENT_KEY_LIMIT = RateLimit("enrolment-key", "ENROLMENT_KEY_RATE_LIMIT")
CHECK_IN_CODE_LIMIT = RateLimit("check-in-code", "CHECK_IN_CODE_RATE_LIMIT")


# The course page -------------------------------------------------------------------------------


def course_context(course, request):
    """The reader's place in the course: enrolment, sessions with their links, the sequence, the rules."""
    user = request.user
    enrolment = (
        Enrolment.objects.filter(user=user, course_key=course.course_key).first() if user.is_authenticated else None
    )
    access = course_access(user, course)
    is_active = enrolment is not None and enrolment.is_active
    completed, attended = set(), set()
    if is_active:
        completed = set(
            LessonCompletion.objects.filter(user=user, course_key=course.course_key).values_list(
                "lesson_key", flat=True
            )
        )
        attended = set(
            Attendance.objects.filter(enrolment=enrolment, status=AttendanceStatus.PRESENT).values_list(
                "session_key", flat=True
            )
        )
    return {
        "enrolment": enrolment,
        "is_participant": is_active,
        "is_course_staff": access.staff,
        "enrolment_open": course.enrolment_is_open(),
        "sessions": session_rows(course, member=is_active or access.staff, checks_in=is_active, attended=attended),
        "lessons": sequence_rows(course, completed, user, with_standing=access.is_member),
        "requirements": evaluate(enrolment, course) if is_active else [],
        "organisers": course.localized_organisers(),
        "course_links": [
            link for links in hooks.contributions(hooks.COURSE_PAGE_LINKS, course, access) for link in links
        ],
    }


def session_rows(course, *, member, checks_in, attended):
    """Each session with its times in the course's zone; meeting links and recordings for members only."""
    now = timezone.now()
    return [
        {
            "session": session,
            "starts_at": session.starts_at(course.zone),
            "ends_at": session.ends_at(course.zone),
            "show_meeting_link": member and bool(session.meeting_url) and session.meeting_link_open(course.zone, now),
            "show_recording": member and bool(session.recording_url) and session.is_over(course.zone, now),
            "check_in_open": checks_in and session.check_in_open(course.zone, now),
            "attended": session.translation_key in attended,
        }
        for session in course.session_list
    ]


def sequence_rows(course, completed, user, with_standing):
    """Lessons and the plug-ins' pages (quizzes, with the reader's standing) in tree order."""
    rows = [{"lesson": lesson, "done": lesson.translation_key in completed} for lesson in course.get_lessons()]
    rows += [row for extra in hooks.contributions(hooks.COURSE_PAGE_ROWS, course, user, with_standing) for row in extra]
    return sorted(rows, key=lambda row: row["lesson"].path)


def enrol_view(course, request):
    if request.method != "POST":
        return redirect(course.url)
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    if not ParticipantProfile.objects.filter(user=request.user).exists():
        messages.info(request, _("Complete your participant profile first; certificates use it."))
        return redirect(f"{reverse('courses_profile')}?{urlencode({'next': course.url})}")
    seconds = ENROLMENT_KEY_LIMIT.retry_after(request) if course.enrolment_mode == EnrolmentMode.KEY else None
    if seconds:
        message = _("Too many wrong enrolment keys. Please wait %(seconds)s seconds and try again.")
        return too_many(course.respond(request, status=429, enrol_error=message % {"seconds": seconds}), seconds)
    try:
        enrolment = enrol(request.user, course, key=request.POST.get("enrolment_key", "")[:100])
    except EnrolmentError as error:
        if isinstance(error, WrongKeyError):
            ENROLMENT_KEY_LIMIT.hit(request)
        return course.respond(request, status=400, enrol_error=str(error))
    messages.success(request, ENROLMENT_MESSAGES[enrolment.status])
    return redirect(course.url)


def withdraw_view(course, request):
    if request.method != "POST" or not request.user.is_authenticated:
        return redirect(course.url)
    enrolment = Enrolment.objects.filter(user=request.user, course_key=course.course_key).first()
    if enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN:
        withdraw(enrolment, course)
        messages.success(request, _("You have withdrawn from this course."))
    return redirect(course.url)


def check_in_view(course, request, session_key):
    if request.method != "POST":
        return redirect(course.url)
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    session = next((s for s in course.session_list if s.translation_key == session_key), None)
    enrolment = active_enrolment(request.user, course)
    if session is None:
        raise Http404
    if enrolment is None:
        return course.respond(request, status=403, check_in_error=_("Only enrolled participants can check in."))
    seconds = CHECK_IN_CODE_LIMIT.retry_after(request)
    if seconds:
        message = _("Too many wrong check-in codes. Please wait %(seconds)s seconds and try again.")
        response = course.respond(
            request, status=429, check_in_error=message % {"seconds": seconds}, check_in_session=session_key
        )
        return too_many(response, seconds)
    try:
        check_in(enrolment, course, session, request.POST.get("code", "")[:20])
    except AttendanceError as error:
        if isinstance(error, WrongCodeError):
            CHECK_IN_CODE_LIMIT.hit(request)
        return course.respond(request, status=400, check_in_error=str(error), check_in_session=session_key)
    update_completion(enrolment, course)
    messages.success(request, _("You are checked in to “%(title)s”.") % {"title": session.title})
    return redirect(course.url)


def calendar_view(course, request):
    body = build_calendar(course.title, [(course, course.session_list)], request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{course.slug}.ics"'
    return response


COURSE_ROUTES = [
    path("enrol/", enrol_view, name="enrol"),
    path("withdraw/", withdraw_view, name="withdraw"),
    path("sessions/<uuid:session_key>/check-in/", check_in_view, name="check_in"),
    path("calendar/", calendar_view, name="calendar"),
]


# The lesson page -------------------------------------------------------------------------------


def lesson_refusal(lesson, request):
    """Lessons are for enrolled participants and course staff; others are sent to log in or enrol."""
    course = lesson.course
    if active_enrolment(request.user, course) or is_course_staff(request.user, course):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    return TemplateResponse(request, "courses/lesson_locked.html", {"page": lesson, "course": course}, status=403)


def lesson_context(lesson, request):
    course = lesson.course
    sequence = course.get_sequence()
    step = next((i for i, page in enumerate(sequence) if page.pk == lesson.pk), 0)
    lessons = [page for page in sequence if isinstance(page, LessonPage)]
    return {
        "course": course,
        "done": LessonCompletion.objects.filter(user=request.user, lesson_key=lesson.lesson_key).exists(),
        # Previous and next walk the whole sequence, quizzes included; the count is of lessons.
        "previous_lesson": sequence[step - 1] if step > 0 else None,
        "next_lesson": sequence[step + 1] if step + 1 < len(sequence) else None,
        "position": next((i for i, page in enumerate(lessons, start=1) if page.pk == lesson.pk), 1),
        "lesson_count": len(lessons),
    }


def complete_view(lesson, request):
    if request.method != "POST":
        return redirect(lesson.url)
    enrolment = active_enrolment(request.user, lesson.course)
    if enrolment is None:
        return redirect(lesson.url)
    LessonCompletion.objects.get_or_create(
        user=request.user, lesson_key=lesson.lesson_key, defaults={"course_key": lesson.course.course_key}
    )
    update_completion(enrolment, lesson.course)
    messages.success(request, _("Lesson marked as complete."))
    next_page = lesson_context(lesson, request)["next_lesson"]
    return redirect(next_page.url if next_page else lesson.course.url)


LESSON_ROUTES = [path("complete/", complete_view, name="complete")]


def page_routes(page_class):
    if issubclass(page_class, CoursePage):
        return COURSE_ROUTES
    if issubclass(page_class, LessonPage):
        return LESSON_ROUTES
    return []


def page_context(page, request):
    if isinstance(page, CoursePage):
        return course_context(page, request)
    if isinstance(page, LessonPage):
        return lesson_context(page, request)
    return None
