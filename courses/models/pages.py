import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from courses.choices import CourseFormat, CourseTimezone, EnrolmentMode, EnrolmentStatus, OrganiserRole
from home.blocks import CaptionedImageBlock, DocumentLinkBlock
from home.models import BasePage

MEETING_LINK_LEAD_TIME = datetime.timedelta(hours=1)
ENROLMENT_MESSAGES = {
    EnrolmentStatus.APPROVED: _("You are enrolled. The schedule and lessons are below."),
    EnrolmentStatus.PENDING: _("Your enrolment is waiting for the organisers' approval; we will e-mail you."),
    EnrolmentStatus.WAITLISTED: _(
        "The course is full, so you are on the waiting list; we will e-mail you when a place frees up."
    ),
}
CHECK_IN_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_check_in_code():
    return "".join(secrets.choice(CHECK_IN_CODE_ALPHABET) for _i in range(6))


class CourseIndexPage(BasePage):
    """The training catalogue (“Pelatihan” / “Training”)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    cache_for_anonymous = True

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("training catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = CoursePage.objects.child_of(self).live().public().order_by("-start_date")
        today = timezone.localdate()
        context["upcoming_courses"] = [course for course in courses if course.end_date >= today]
        context["past_courses"] = [course for course in courses if course.end_date < today]
        return context


class CoursePage(RoutablePageMixin, BasePage):
    """One training, e.g. “Pelatihan Kabupaten/Kota HAM” for Semarang: content, schedule and rules."""

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "quiz.QuizPage"]
    # Anonymous readers get a login link instead of the enrolment form, so no CSRF token.
    cache_for_anonymous = True

    summary = models.TextField(_("summary"), max_length=600, help_text=_("Two or three sentences for the catalogue."))
    objectives = RichTextField(
        _("learning objectives"),
        features=["bold", "italic", "ol", "ul", "link"],
        help_text=_("What participants will be able to do afterwards."),
    )
    audience = models.TextField(
        _("audience"),
        blank=True,
        help_text=_("Who the training is for, e.g. ASN of the city's OPD and civil-society activists."),
    )
    format = models.CharField(_("format"), max_length=20, choices=CourseFormat.choices, default=CourseFormat.ONLINE)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    timezone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=CourseTimezone.choices,
        default=CourseTimezone.WIB,
        help_text=_("Session times are entered and shown in this zone."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit; when full, new participants join a waiting list."),
    )
    enrolment_mode = models.CharField(
        _("enrolment"), max_length=20, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    enrolment_key = models.CharField(
        _("enrolment key"),
        max_length=50,
        blank=True,
        help_text=_("Needed when enrolment is by key; give it to invited participants."),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Completion rule; leave empty to ignore attendance."),
    )
    require_all_lessons = models.BooleanField(_("all lessons completed"), default=False)
    require_quizzes_passed = models.BooleanField(
        _("required quizzes passed"),
        default=False,
        help_text=_("Completion rule: every quiz marked as required is passed."),
    )
    require_action_plan_approved = models.BooleanField(
        _("action plan approved"),
        default=False,
        help_text=_("Completion rule: the participant's action plan is approved by a mentor."),
    )
    attendance_minutes_present = models.PositiveSmallIntegerField(
        _("minutes that count as present"),
        default=60,
        validators=[MinValueValidator(1)],
        help_text=_("When attendance is imported from the meeting tool, this many minutes or more count as present."),
    )
    learning_hours = models.PositiveSmallIntegerField(
        _("learning hours (JP)"), null=True, blank=True, help_text=_("Jam pelajaran, printed on certificates.")
    )
    issue_certificates = models.BooleanField(
        _("issue certificates"),
        default=False,
        help_text=_("Participants who complete the course receive a numbered certificate anyone can verify."),
    )
    certificate_auto_issue = models.BooleanField(
        _("issue automatically on completion"),
        default=True,
        help_text=_("Issue as soon as a participant meets the completion rules; untick to let staff issue them."),
    )
    certificate_code = models.CharField(
        _("course code"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]*$", _("Use letters, digits and hyphens only."))],
        help_text=_("Short code used in certificate numbers, e.g. SMG for the Semarang training."),
    )
    certificate_number_format = models.CharField(
        _("certificate number format"),
        max_length=100,
        default="{seq:03d}/PKH-{code}/{month_roman}/{year}",
        help_text=_(
            "{seq} is the certificate's place in the year ({seq:03d} pads it to three digits: 001), {code} the "
            "course code, {month} and {month_roman} the month of issue (9, IX), {year} the year of issue. "
            "Numbering starts again at 1 every year, so {seq} and {year} are required."
        ),
    )
    certificate_shows_score = models.BooleanField(
        _("print the final score"),
        default=False,
        help_text=_("The final score is the mean grade of the course's required quizzes."),
    )
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for certificates that never expire."),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("certificate template"),
        help_text=_("How the certificate PDF looks. Leave empty for the default template."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("audience"),
        InlinePanel("organisers", label=_("Organisers and partners")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("format"), FieldPanel("timezone")]),
                FieldPanel("learning_hours"),
            ],
            heading=_("When and how"),
        ),
        InlinePanel("sessions", label=_("Sessions"), heading=_("Schedule")),
        MultiFieldPanel(
            [FieldPanel("enrolment_mode"), FieldPanel("enrolment_key"), FieldPanel("capacity")],
            heading=_("Enrolment"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("min_attendance_percent"),
                FieldPanel("attendance_minutes_present"),
                FieldPanel("require_all_lessons"),
                FieldPanel("require_quizzes_passed"),
                FieldPanel("require_action_plan_approved"),
            ],
            heading=_("Completion rules"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("issue_certificates"),
                FieldPanel("certificate_auto_issue"),
                FieldRowPanel([FieldPanel("certificate_code"), FieldPanel("certificate_number_format")]),
                FieldPanel("certificate_shows_score"),
                FieldPanel("certificate_valid_months"),
                FieldPanel("certificate_template"),
            ],
            heading=_("Certificate"),
        ),
        InlinePanel(
            "facilitators",
            label=_("Facilitators"),
            help_text=_("Staff who manage enrolments and attendance of this course."),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("summary"), index.SearchField("objectives")]
    override_translatable_fields = [
        SynchronizedField("enrolment_key", overridable=False),
        SynchronizedField("capacity", overridable=False),
        SynchronizedField("start_date", overridable=False),
        SynchronizedField("end_date", overridable=False),
        SynchronizedField("timezone", overridable=False),
        SynchronizedField("format", overridable=False),
        SynchronizedField("enrolment_mode", overridable=False),
        SynchronizedField("learning_hours", overridable=False),
        SynchronizedField("issue_certificates", overridable=False),
        SynchronizedField("certificate_auto_issue", overridable=False),
        SynchronizedField("certificate_code", overridable=False),
        SynchronizedField("certificate_number_format", overridable=False),
        SynchronizedField("certificate_shows_score", overridable=False),
        SynchronizedField("certificate_valid_months", overridable=False),
        SynchronizedField("certificate_template", overridable=False),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The course cannot end before it starts.")
        if self.enrolment_mode == EnrolmentMode.KEY and not self.enrolment_key.strip():
            errors["enrolment_key"] = _("Set the key participants must type to enrol.")
        errors.update(self.certificate_errors())
        if errors:
            raise ValidationError(errors)

    def certificate_errors(self):
        from courses.certificates.numbering import number_format_error

        if error := number_format_error(self.certificate_number_format):
            return {"certificate_number_format": error}
        if self.issue_certificates and "{code" in self.certificate_number_format and not self.certificate_code:
            return {"certificate_code": _("The number format uses {code}: set the course code.")}
        return {}

    @property
    def course_key(self):
        """Enrolments, progress and certificates hang on this, so both languages share them."""
        return self.translation_key

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def zone_abbreviation(self):
        return CourseTimezone.abbreviation(self.timezone)

    @cached_property
    def session_list(self):
        return list(self.sessions.all().prefetch_related("speakers").select_related("moderator"))

    def get_lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def get_sequence(self):
        """Lessons and quiz pages (draft quizzes left out) in tree order: what previous/next walk through."""
        from courses.quiz.integration import quiz_pages

        quizzes = [page for page in quiz_pages(self) if not page.quiz.draft]
        return sorted([*self.get_lessons(), *quizzes], key=lambda page: page.path)

    def get_context(self, request, *args, **kwargs):
        from courses.completion import evaluate
        from courses.enrolment import is_course_staff
        from courses.models import Attendance, Enrolment, LessonCompletion

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        enrolment = (
            Enrolment.objects.filter(user=user, course_key=self.course_key).first() if user.is_authenticated else None
        )
        is_active = enrolment is not None and enrolment.is_active
        staff = is_course_staff(user, self)
        lessons = list(self.get_lessons())
        completed, attended = set(), set()
        if is_active:
            completed = set(
                LessonCompletion.objects.filter(user=user, course_key=self.course_key).values_list(
                    "lesson_key", flat=True
                )
            )
            attended = set(
                Attendance.objects.filter(enrolment=enrolment, status="present").values_list("session_key", flat=True)
            )
        now = timezone.now()
        context.update(
            {
                "enrolment": enrolment,
                "is_participant": is_active,
                "is_course_staff": staff,
                "sessions": [
                    {
                        "session": session,
                        "starts_at": session.starts_at(self.zone),
                        "ends_at": session.ends_at(self.zone),
                        "show_meeting_link": (is_active or staff)
                        and bool(session.meeting_url)
                        and session.meeting_link_open(self.zone, now),
                        "show_recording": (is_active or staff)
                        and bool(session.recording_url)
                        and session.is_over(self.zone, now),
                        "check_in_open": is_active and session.check_in_open(self.zone, now),
                        "attended": session.translation_key in attended,
                    }
                    for session in self.session_list
                ],
                "lessons": self.lesson_sequence(lessons, completed, user, with_standing=is_active or staff),
                "requirements": evaluate(enrolment, self) if is_active else [],
                "organisers": self.localized_organisers(),
            }
        )
        return context

    def lesson_sequence(self, lessons, completed, user, with_standing):
        """Lessons and quizzes in tree order, as the course's sequence; quizzes carry the reader's standing."""
        from courses.quiz.integration import course_quiz_rows

        rows = [{"lesson": lesson, "done": lesson.translation_key in completed} for lesson in lessons]
        rows += course_quiz_rows(self, user, with_standing)
        return sorted(rows, key=lambda row: row["lesson"].path)

    def localized_organisers(self):
        """Organisers in the reader's language (the inline rows point at the source-language snippets)."""
        from home.models import Organisation

        rows = list(self.organisers.select_related("organisation"))
        keys = [row.organisation.translation_key for row in rows]
        localized = {
            organisation.translation_key: organisation
            for organisation in Organisation.objects.filter(
                translation_key__in=keys, locale_id=self.locale_id
            ).select_related("logo")
        }
        return [
            {
                "organisation": localized.get(row.organisation.translation_key, row.organisation),
                "role": row.get_role_display(),
            }
            for row in rows
        ]

    def respond(self, request, status=200, **extra):
        response = self.render(request, context_overrides=extra)
        response.status_code = status
        return response

    @path("enrol/", name="enrol")
    def enrol_view(self, request):
        from courses.enrolment import EnrolmentError, enrol
        from courses.models import ParticipantProfile

        if request.method != "POST":
            return redirect(self.url)
        if not request.user.is_authenticated:
            return redirect_to_login(self.url)
        if not ParticipantProfile.objects.filter(user=request.user).exists():
            messages.info(request, _("Complete your participant profile first; certificates use it."))
            return redirect(f"{reverse('courses_profile')}?{urlencode({'next': self.url})}")
        try:
            enrolment = enrol(request.user, self, key=request.POST.get("enrolment_key", "")[:100])
        except EnrolmentError as error:
            return self.respond(request, status=400, enrol_error=str(error))
        messages.success(request, ENROLMENT_MESSAGES[enrolment.status])
        return redirect(self.url)

    @path("withdraw/", name="withdraw")
    def withdraw_view(self, request):
        from courses.enrolment import withdraw
        from courses.models import Enrolment

        if request.method != "POST" or not request.user.is_authenticated:
            return redirect(self.url)
        enrolment = Enrolment.objects.filter(user=request.user, course_key=self.course_key).first()
        if enrolment is not None and enrolment.status != "withdrawn":
            withdraw(enrolment, self)
            messages.success(request, _("You have withdrawn from this course."))
        return redirect(self.url)

    @path("sessions/<uuid:session_key>/check-in/", name="check_in")
    def check_in_view(self, request, session_key):
        from courses.attendance import AttendanceError, check_in
        from courses.completion import update_completion
        from courses.enrolment import active_enrolment

        if request.method != "POST":
            return redirect(self.url)
        if not request.user.is_authenticated:
            return redirect_to_login(self.url)
        session = next((s for s in self.session_list if s.translation_key == session_key), None)
        enrolment = active_enrolment(request.user, self)
        if session is None:
            raise Http404
        if enrolment is None:
            return self.respond(request, status=403, check_in_error=_("Only enrolled participants can check in."))
        try:
            check_in(enrolment, self, session, request.POST.get("code", "")[:20])
        except AttendanceError as error:
            return self.respond(request, status=400, check_in_error=str(error), check_in_session=session_key)
        update_completion(enrolment, self)
        messages.success(request, _("You are checked in to “%(title)s”.") % {"title": session.title})
        return redirect(self.url)

    @path("alumni/", name="alumni")
    def alumni_view(self, request):
        """The public list of alumni who opted in (`courses.certificates.alumni`)."""
        from courses.certificates.alumni import alumni_page

        return alumni_page(request, self)

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        from courses.calendar import build_calendar

        body = build_calendar(self.title, [(self, self.session_list)], request)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.slug}.ics"'
        return response


class CourseOrganiser(Orderable):
    page = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="organisers")
    organisation = models.ForeignKey(
        "home.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganiserRole.choices, default=OrganiserRole.PARTNER)

    panels = [FieldPanel("organisation"), FieldPanel("role")]


class CourseFacilitator(Orderable):
    page = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("user")]


class MaterialsBlock(blocks.StreamBlock):
    document = DocumentLinkBlock(label=_("document"))


class CourseSession(TranslatableMixin, Orderable, ClusterableModel):
    """One training day or meeting. Attendance is keyed to its translation key."""

    page = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "ol", "ul", "link"])
    speakers = ParentalManyToManyField(
        "home.Person", verbose_name=_("speakers (narasumber)"), blank=True, related_name="+"
    )
    moderator = models.ForeignKey(
        "home.Person", verbose_name=_("moderator"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    materials = StreamField(MaterialsBlock(), verbose_name=_("materials"), blank=True)
    meeting_url = models.URLField(
        _("live meeting link"),
        blank=True,
        help_text=_("Shown only to enrolled participants, from an hour before the start."),
    )
    recording_url = models.URLField(_("recording link"), blank=True, help_text=_("Shown after the session."))
    check_in_code = models.CharField(
        _("check-in code"),
        max_length=12,
        default=new_check_in_code,
        help_text=_("Announce it during the session; participants type it to check in."),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("description"),
        FieldPanel("speakers"),
        FieldPanel("moderator"),
        FieldPanel("materials"),
        FieldPanel("meeting_url"),
        FieldPanel("recording_url"),
        FieldPanel("check_in_code"),
    ]
    override_translatable_fields = [
        SynchronizedField("meeting_url", overridable=False),
        SynchronizedField("recording_url", overridable=False),
        SynchronizedField("check_in_code", overridable=False),
        TranslatableField("title"),
        TranslatableField("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    @property
    def session_key(self):
        return self.translation_key

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts.")})

    def starts_at(self, zone):
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=zone)

    def ends_at(self, zone):
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=zone)

    def meeting_link_open(self, zone, now=None):
        now = now or timezone.now()
        return self.starts_at(zone) - MEETING_LINK_LEAD_TIME <= now <= self.ends_at(zone)

    def check_in_open(self, zone, now=None):
        """Participants can check in from the start until the end of the session."""
        now = now or timezone.now()
        return self.starts_at(zone) - datetime.timedelta(minutes=15) <= now <= self.ends_at(zone)

    def is_over(self, zone, now=None):
        return (now or timezone.now()) > self.ends_at(zone)


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
    )
    video = EmbedBlock(
        label=_("video"), help_text=_("A YouTube or other video URL."), template="blocks/embed_block.html"
    )
    image = CaptionedImageBlock(label=_("image"))
    document = DocumentLinkBlock(label=_("document"))


class LessonPage(RoutablePageMixin, BasePage):
    """A module of a course, opened by enrolled participants, who mark it complete."""

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), null=True, blank=True)
    body = StreamField(LessonBodyBlock(), verbose_name=_("content"))

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def lesson_key(self):
        return self.translation_key

    @cached_property
    def course(self):
        return self.get_parent().specific

    def serve(self, request, *args, **kwargs):
        """Lessons are for enrolled participants and course staff; others are sent to enrol."""
        from courses.enrolment import active_enrolment, is_course_staff

        if not (active_enrolment(request.user, self.course) or is_course_staff(request.user, self.course)):
            if not request.user.is_authenticated:
                return redirect_to_login(self.url)
            response = TemplateResponse(request, "courses/lesson_locked.html", {"page": self, "course": self.course})
            response.status_code = 403
            return response
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.models import LessonCompletion

        context = super().get_context(request, *args, **kwargs)
        sequence = self.course.get_sequence()
        step = next((i for i, page in enumerate(sequence) if page.pk == self.pk), 0)
        lessons = [page for page in sequence if isinstance(page, LessonPage)]
        context.update(
            {
                "course": self.course,
                "done": LessonCompletion.objects.filter(user=request.user, lesson_key=self.lesson_key).exists(),
                # Previous and next walk the whole sequence, quizzes included; the count is of lessons.
                "previous_lesson": sequence[step - 1] if step > 0 else None,
                "next_lesson": sequence[step + 1] if step + 1 < len(sequence) else None,
                "position": next((i for i, page in enumerate(lessons, start=1) if page.pk == self.pk), 1),
                "lesson_count": len(lessons),
            }
        )
        return context

    @path("complete/", name="complete")
    def complete_view(self, request):
        from courses.completion import update_completion
        from courses.enrolment import active_enrolment
        from courses.models import LessonCompletion

        if request.method != "POST":
            return redirect(self.url)
        enrolment = active_enrolment(request.user, self.course)
        if enrolment is None:
            return redirect(self.url)
        LessonCompletion.objects.get_or_create(
            user=request.user, lesson_key=self.lesson_key, defaults={"course_key": self.course.course_key}
        )
        update_completion(enrolment, self.course)
        messages.success(request, _("Lesson marked as complete."))
        next_lesson = self.get_context(request)["next_lesson"]
        return redirect(next_lesson.url if next_lesson else self.course.url)
