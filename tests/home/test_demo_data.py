from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Revision

from courses.certificates.models import Certificate
from courses.community.models import (
    ActionPlan,
    ActionPlanComment,
    ActionPlanVersion,
    ForumPost,
    ForumSubscription,
    ForumThread,
)
from courses.models import Attendance, CourseCompletion, CoursePage, Enrolment
from home.models import SiteSettings
from news.models import NewsArticlePage

COMMUNITY_MODELS = [ForumThread, ForumPost, ForumSubscription, ActionPlan, ActionPlanVersion, ActionPlanComment]
CERTIFICATE_MODELS = [CourseCompletion, Certificate]


def counts():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Enrolment.objects.count(),
        Attendance.objects.count(),
        *(model.objects.count() for model in COMMUNITY_MODELS + CERTIFICATE_MODELS),
    )


def test_demo_data_loads_once_and_twice_changes_nothing(db, settings, tmp_path):
    call_command("load_demo_data", verbosity=0)
    seed = NewsArticlePage.objects.get(title="Komnas HAM Dukung Semarang Menuju Kota HAM")
    assert seed.live and seed.date.isoformat() == "2021-09-01"
    english = seed.get_translation(seed.locale.__class__.objects.get(language_code="en"))
    assert english.live and english.title.startswith("Komnas HAM Supports Semarang")
    assert NewsArticlePage.objects.filter(locale__language_code="id").count() >= 6
    course = CoursePage.objects.get(slug="pelatihan-kabupaten-kota-ham-semarang-2021")
    fifth_day = next(session for session in course.session_list if session.date.isoformat() == "2021-08-31")
    assert {person.name for person in fifth_day.speakers.all()} == {"Beka Ulung Hapsara", "Sugeng Bahagijo"}
    assert fifth_day.moderator.name == "Zainal Abidin"
    assert len(course.session_list) >= 6
    threads = ForumThread.objects.filter(course_key=course.course_key)
    assert threads.count() >= 3 and ForumPost.objects.filter(thread__in=threads).count() > threads.count()
    assert threads.filter(title__icontains="peta jalan").exists()
    assert threads.filter(title__icontains="Wonosobo").exists()
    plans = {plan.status: plan for plan in ActionPlan.objects.filter(course_key=course.course_key)}
    assert set(plans) == {"approved", "revision"}
    assert all(plan.team.exists() for plan in plans.values())
    assert ActionPlanComment.objects.filter(version__plan=plans["revision"], by_staff=True).count() >= 1
    certificates = Certificate.objects.filter(course_key=course.course_key).order_by("sequence")
    assert certificates.count() >= 3 and certificates[0].number == "001/PKH-SMG/IX/2021"
    assert all(c.holder_name == c.holder.participant_profile.full_name for c in certificates)
    assert all(c.template.is_default and len(c.signatories) == 2 and c.pdf for c in certificates)
    assert Page.find_problems() == ([], [], [], [], [])  # the tree is sound (numchild included)
    staff = get_user_model().objects.filter(username__in=["admin", "editor", "penulis", "fasilitator"])
    assert all(user.get_full_name() and user.wagtail_userprofile.preferred_language == "id" for user in staff)
    assert staff.count() == 4
    identity = SiteSettings.objects.get()
    assert "Latuharhary" in identity.address and identity.phone and identity.ppid_url  # the demo's identity
    before = counts()
    call_command("load_demo_data", verbosity=0)
    assert counts() == before
