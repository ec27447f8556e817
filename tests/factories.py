import datetime

import factory
import wagtail_factories

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile

from courses.choices import EnrolmentStatus
from courses.models import CoursePage, CourseSession, Enrolment, ParticipantProfile
from home.models import CustomImage, HomePage, Person
from home.site_tree import publish
from news.models import Category, NewsArticlePage, NewsIndexPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("password")


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = CustomImage


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    role = "Penulis"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug", "locale")

    name = "Kabar Latuharhary"
    slug = "kabar-latuharhary"
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="id"))


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Beranda"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Berita"
    slug = "berita"


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsArticlePage

    title = factory.Sequence(lambda n: f"Artikel nomor {n}")
    lead = factory.Faker("sentence", locale="id_ID")
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Isi artikel tentang hak asasi manusia.</p>"))])


def make_article(index_page, **fields):
    """A published article under `index_page`, dated 1 September 2021 unless `date` is given."""
    fields.setdefault("date", datetime.date(2021, 9, 1))
    article = NewsArticlePageFactory.build(**fields)
    index_page.add_child(instance=article)
    return publish(article)


def make_course(index_page, sessions=(), **fields):
    """A published course under `index_page`; `sessions` are dicts of CourseSession fields."""
    import datetime

    from courses.models import CoursePage, CourseSession
    from home.site_tree import publish

    values = {
        "title": "Pelatihan Kabupaten/Kota HAM",
        "slug": "pelatihan-kota-ham",
        "summary": "Pelatihan daring bagi ASN dan aktivis masyarakat sipil.",
        "objectives": "<p>Memahami kerangka kabupaten/kota HAM.</p>",
        "start_date": datetime.date(2021, 8, 16),
        "end_date": datetime.date(2021, 9, 7),
    }
    values.update(fields)
    course = CoursePage(**values)
    for number, session in enumerate(sessions):
        session_values = {
            "title": f"Hari {number + 1}",
            "date": datetime.date(2021, 8, 16) + datetime.timedelta(days=number),
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(12, 0),
        }
        session_values.update(session)
        course.sessions.add(CourseSession(**session_values))
    index_page.add_child(instance=course)
    return publish(course)


def make_lesson(course, title, **fields):
    from courses.models import LessonPage
    from home.site_tree import publish

    lesson = LessonPage(title=title, body=[("text", RichText("<p>Materi pelajaran.</p>"))], **fields)
    course.add_child(instance=lesson)
    return publish(lesson)


def make_participant(username="peserta", **profile_fields):
    from courses.models import ParticipantProfile

    user = UserFactory(username=username)
    values = {
        "full_name": "Dewi Anggraini, S.H.",
        "participant_type": "asn",
        "organisation": "Bagian Hukum Setda Kota Semarang",
        "regency_city": "Kota Semarang",
    }
    values.update(profile_fields)
    ParticipantProfile.objects.create(user=user, **values)
    return user


# Courses ---------------------------------------------------------------------------------------


def still_enrolling():
    """An end date a year from today, for a course that still takes enrolments (the default one ended in 2021)."""
    return timezone.localdate() + datetime.timedelta(days=365)


def build_course(index, title, slug, sessions=3, **fields):
    """A published course with `sessions` CourseSession inlines on consecutive days."""
    values = {
        "title": title,
        "slug": slug,
        "summary": "Pelatihan daring bagi ASN dan aktivis masyarakat sipil.",
        "objectives": "<p>Memahami kerangka kabupaten/kota HAM.</p>",
        "start_date": datetime.date(2021, 8, 16),
        "end_date": datetime.date(2021, 9, 7),
    }
    values.update(fields)
    course = CoursePage(**values)
    for number in range(sessions):
        course.sessions.add(
            CourseSession(
                title=f"Hari {number + 1}",
                date=datetime.date(2021, 8, 16) + datetime.timedelta(days=number),
                start_time=datetime.time(9, 0),
                end_time=datetime.time(12, 0),
            )
        )
    index.add_child(instance=course)
    return publish(course)


def enrol_participant(course, username, status=EnrolmentStatus.APPROVED, profile=True, **profile_fields):
    """A user with a participant profile and an enrolment in `course`, made directly (no e-mails)."""
    user = UserFactory(username=username)
    if profile:
        values = {
            "full_name": f"Peserta {username}",
            "participant_type": "asn",
            "organisation": "Bagian Hukum Setda Kota Semarang",
            "regency_city": "Kota Semarang",
        }
        values.update(profile_fields)
        ParticipantProfile.objects.create(user=user, **values)
    return Enrolment.objects.create(user=user, course_key=course.course_key, status=status)


def staff_user(username, group):
    """A staff member who reads the admin in English, so tests can match its English messages."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user
