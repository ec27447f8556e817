import datetime
import secrets
import zoneinfo
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from courses import hooks
from courses.choices import CourseFormat, CourseTimezone, EnrolmentMode, OrganiserRole
from home.blocks import CaptionedImageBlock, DocumentLinkBlock
from home.models import BasePage, Organisation

MEETING_LINK_LEAD_TIME = datetime.timedelta(hours=1)
CHECK_IN_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_check_in_code():
    return "".join(secrets.choice(CHECK_IN_CODE_ALPHABET) for _i in range(6))


def source_language():
    """The language courses are written in (the site's default, Indonesian); translations are made from it."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def children_of_any(pages):
    """A filter for the pages right under any of `pages`, for one query over many courses
    (Wagtail's `child_of` takes a single parent)."""
    return reduce(or_, [Q(path__startswith=page.path, depth=page.depth + 1) for page in pages])


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


class PluggablePageMixin(RoutablePageMixin):
    """A page whose sub-routes and reader context come from `courses.hooks.PAGE_ROUTES` and `PAGE_CONTEXT`.

    The model stays data: what a reader sees and does on a course or lesson page is written in
    `courses.page_views` (and in the plug-ins, e.g. a course's alumni list), none of which the
    model imports. Routes are views called as `view(page, request, **kwargs)`.
    """

    @classmethod
    def get_subpage_urls(cls):
        contributed = [pattern for patterns in hooks.contributions(hooks.PAGE_ROUTES, cls) for pattern in patterns]
        return (*contributed, *super().get_subpage_urls())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for extra in hooks.contributions(hooks.PAGE_CONTEXT, self, request):
            context.update(extra)
        return context

    def respond(self, request, status=200, **extra):
        """The page again, with `extra` in its context (an error next to the form that caused it)."""
        response = self.render(request, context_overrides=extra)
        response.status_code = status
        return response


class CoursePage(PluggablePageMixin, BasePage):
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
    enrolment_closes_on = models.DateField(
        _("enrolment closes on"),
        null=True,
        blank=True,
        help_text=_(
            "The last day participants can enrol (in the course's time zone). Leave empty to take enrolments "
            "until the end date. Staff can still decide waiting enrolments afterwards."
        ),
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
            [
                FieldPanel("enrolment_mode"),
                FieldPanel("enrolment_key"),
                FieldPanel("capacity"),
                FieldPanel("enrolment_closes_on"),
            ],
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
        InlinePanel(
            "facilitators",
            label=_("Facilitators"),
            help_text=_("Staff who manage enrolments and attendance of this course."),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("summary"), index.SearchField("objectives")]
    in_site_search = True
    search_kind = _("Training")
    override_translatable_fields = [
        SynchronizedField("enrolment_key", overridable=False),
        SynchronizedField("capacity", overridable=False),
        SynchronizedField("start_date", overridable=False),
        SynchronizedField("end_date", overridable=False),
        SynchronizedField("timezone", overridable=False),
        SynchronizedField("format", overridable=False),
        SynchronizedField("enrolment_mode", overridable=False),
        SynchronizedField("enrolment_closes_on", overridable=False),
        SynchronizedField("learning_hours", overridable=False),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        permissions = [("manage_all_courses", _("Can manage every course (enrolments, attendance, reports)"))]

    @classmethod
    def source_for(cls, page_or_key):
        """The course's page in the source language, for a course page (any language) or a course key.

        When the course has no page in the source language (it was written in another one), the
        first page created for it. Drafts count: settings are synchronised between languages, so
        the source page holds them whether or not it is live. None when no page has that key.
        """
        if isinstance(page_or_key, Page):
            if page_or_key.locale.language_code == source_language():
                return page_or_key
            page_or_key = page_or_key.translation_key
        pages = list(cls.objects.filter(translation_key=page_or_key).select_related("locale").order_by("pk"))
        in_source_language = [page for page in pages if page.locale.language_code == source_language()]
        return (in_source_language or pages or [None])[0]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The course cannot end before it starts.")
        if self.enrolment_closes_on and self.end_date and self.enrolment_closes_on > self.end_date:
            errors["enrolment_closes_on"] = _("Enrolment cannot stay open after the course ends.")
        if self.enrolment_mode == EnrolmentMode.KEY and not self.enrolment_key.strip():
            errors["enrolment_key"] = _("Set the key participants must type to enrol.")
        if errors:
            raise ValidationError(errors)

    @property
    def course_key(self):
        """Enrolments, progress and certificates hang on this, so both languages share them."""
        return self.translation_key

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def enrolment_last_day(self):
        """The last day participants can enrol: the date the course sets, else its end date."""
        return self.enrolment_closes_on or self.end_date

    def enrolment_is_open(self, now=None):
        """Whether participants can still enrol: until the end of the last day, in the course's time zone.

        A 2021 course does not take enrolments in 2026 (its certificate would carry 2026). Only new
        enrolments close: staff still approve, waitlist or reject those already waiting.
        """
        today = timezone.localtime(now or timezone.now(), self.zone).date()
        return today <= self.enrolment_last_day

    @property
    def zone_abbreviation(self):
        return CourseTimezone.abbreviation(self.timezone)

    @cached_property
    def session_list(self):
        return list(self.sessions.all().prefetch_related("speakers").select_related("moderator"))

    def get_lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def get_sequence(self):
        """Lessons and the pages plug-ins add (quizzes) in tree order: what previous/next walk through."""
        pages = [page for extra in hooks.contributions(hooks.COURSE_SEQUENCE, self) for page in extra]
        return sorted([*self.get_lessons(), *pages], key=lambda page: page.path)

    def search_summary(self):
        return self.summary

    def search_text(self):
        return [self.title, self.summary, strip_tags(self.objectives)]

    def localized_organisers(self):
        """Organisers in the reader's language (the inline rows point at the source-language snippets)."""
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
    document = DocumentLinkBlock(label=_("Document"))


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
        label=_("Text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
    )
    video = EmbedBlock(
        label=_("Video"), help_text=_("A YouTube or other video URL."), template="blocks/embed_block.html"
    )
    image = CaptionedImageBlock(label=_("Image"))
    document = DocumentLinkBlock(label=_("Document"))


class LessonPage(PluggablePageMixin, BasePage):
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
