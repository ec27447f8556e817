"""Action plans and mentoring: drafting, versions, who sees and comments, decisions with e-mail, PDF."""

import datetime
import difflib
import io
import random
import unicodedata

import pypdf
import pytest
from reportlab.pdfbase import pdfmetrics

from django.urls import reverse
from django.utils import translation

from courses import reports
from courses.access import course_access
from courses.choices import EnrolmentStatus
from courses.community import action_plans, forum, pdf
from courses.community.choices import ActionPlanStatus
from courses.community.models import ActionPlan, ActionPlanComment, ActionPlanVersion
from courses.community.pdf import build_action_plan_pdf
from courses.completion import evaluate
from courses.models import CourseCompletion, CourseFacilitator
from courses.staff import FACILITATORS
from tests.factories import UserFactory, enrol_participant, staff_user

PLAN = {
    "title": "Rencana Aksi Bappeda: Peta Jalan Kota HAM",
    "problem": "Belum ada peta jalan kota HAM yang disepakati lintas OPD.",
    "capital": "Perwal Kota Layak Anak; forum CSR; jaringan LBH.",
    "objectives": "Peta jalan Semarang Kota HAM disahkan dengan Peraturan Wali Kota.",
    "responsible_unit": "Bappeda Kota Semarang",
    "partners": "Komnas HAM, INFID, LBH Semarang",
    "indicators": "Perwal terbit; 10 OPD punya rencana aksi.",
    "resources": "APBD 2022: Rp 150 juta.",
}


@pytest.fixture(autouse=True)
def english():
    """Pages are asked for in English (/en/…), so assertions can quote the English interface."""
    with translation.override("en"):
        yield


def plan_form(**changes):
    data = {**PLAN, **changes}
    data.update(
        {
            "activity-TOTAL_FORMS": "3",
            "activity-INITIAL_FORMS": "0",
            "activity-MIN_NUM_FORMS": "0",
            "activity-MAX_NUM_FORMS": "15",
            "activity-0-activity": "Lokakarya penyusunan peta jalan",
            "activity-0-start": "2021-10-04",
            "activity-0-end": "2021-10-29",
            "activity-1-activity": "Konsultasi publik",
            "activity-1-start": "2021-11-08",
            "activity-1-end": "2021-11-12",
        }
    )
    return data


def indonesian(url):
    return url.replace("/en/", "/id/", 1)


def my_plan_url(course):
    return reverse("community_my_plan", args=[course.course_key])


def plan_url(plan, name="community_plan"):
    return reverse(name, args=[plan.course_key, plan.pk])


@pytest.fixture
def owner(course):
    return enrol_participant(
        course, "rudi", full_name="Rudi Hartono, S.T., M.T.", organisation="Bappeda Kota Semarang"
    ).user


@pytest.fixture
def teammate(course):
    return enrol_participant(course, "lestari", full_name="Lestari Widodo", organisation="Bappeda Kota Semarang").user


@pytest.fixture
def stranger(course):
    """Another participant of the same course, not on the team."""
    return enrol_participant(course, "sri", full_name="Sri Wahyuni").user


def draft(course, owner, **changes):
    access = course_access(owner, course)
    plan = action_plans.start_plan(course, access)
    activities = [
        {"activity": "Lokakarya", "start": datetime.date(2021, 10, 4), "end": datetime.date(2021, 10, 29)},
    ]
    return action_plans.save_draft(plan, access, {**PLAN, **changes}, activities)


@pytest.fixture
def submitted(course, owner, teammate, facilitator):
    plan = draft(course, owner)
    plan.team.add(teammate)
    action_plans.submit(plan, course_access(owner, course))
    return plan


# Drafting and submitting ------------------------------------------------------------------------


def test_participant_drafts_then_submits_and_the_facilitators_are_emailed(
    client, course, owner, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    assert client.get(my_plan_url(course)).status_code == 200
    response = client.post(my_plan_url(course), plan_form())
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert plan.status == ActionPlanStatus.DRAFT and plan.owner == owner
    assert plan.activities[1] == {"activity": "Konsultasi publik", "start": "2021-11-08", "end": "2021-11-12"}
    assert not plan.versions.exists() and mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(my_plan_url(course), {**plan_form(), "submit": "1"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.SUBMITTED
    version = plan.versions.get()
    assert version.number == 1 and version.snapshot["title"] == PLAN["title"]
    assert version.snapshot["owner"] == "Rudi Hartono, S.T., M.T."
    assert [message.to for message in mailoutbox] == [[facilitator.email]]
    assert PLAN["title"] in mailoutbox[0].subject
    assert plan_url(plan) in mailoutbox[0].body  # in English, the language the facilitator reads the admin in

    # While the mentor reviews it, the plan cannot change.
    client.post(my_plan_url(course), plan_form(title="Diam-diam diubah"))
    plan.refresh_from_db()
    assert plan.title == PLAN["title"]


def test_each_reader_is_emailed_in_their_own_language(
    course, owner, teammate, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    """Facilitators get the language they read the admin in; participants, who choose none, the site's first."""
    indonesian_facilitator = staff_user("fasilitator-id", FACILITATORS)
    indonesian_facilitator.wagtail_userprofile.preferred_language = "id"
    indonesian_facilitator.wagtail_userprofile.save()
    CourseFacilitator.objects.create(page=course, user=indonesian_facilitator)
    plan = draft(course, owner)
    plan.team.add(teammate)
    with django_capture_on_commit_callbacks(execute=True):
        action_plans.submit(plan, course_access(owner, course))
    by_reader = {message.to[0]: message for message in mailoutbox}
    assert by_reader[facilitator.email].subject == f"Action plan to review: {PLAN['title']}"
    assert plan_url(plan) in by_reader[facilitator.email].body
    with translation.override("id"):
        subject = translation.gettext("Action plan to review: %(title)s") % {"title": PLAN["title"]}
    assert subject != by_reader[facilitator.email].subject
    assert by_reader[indonesian_facilitator.email].subject == subject
    assert indonesian(plan_url(plan)) in by_reader[indonesian_facilitator.email].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_plans.request_revision(plan, course_access(facilitator, course), "Tambahkan indikator.")
    assert sorted(message.to[0] for message in mailoutbox) == sorted([owner.email, teammate.email])
    with translation.override("id"):
        revise = translation.gettext("Revise the plan and submit it again:")
        status = str(ActionPlanStatus.REVISION_REQUESTED.label)
    assert revise != "Revise the plan and submit it again:"
    for message in mailoutbox:
        assert revise in message.body and status in message.body and status in message.subject
        assert indonesian(my_plan_url(course)) in message.body


def test_activity_rows_are_checked(client, course, owner):
    client.force_login(owner)
    data = plan_form()
    data["activity-0-end"] = "2021-09-01"  # before its start
    response = client.post(my_plan_url(course), data)
    assert response.status_code == 400
    assert "The activity cannot end before it starts." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_an_incomplete_plan_cannot_be_submitted(client, course, owner):
    client.force_login(owner)
    client.post(my_plan_url(course), {**plan_form(problem=""), "submit": "1"})
    plan = ActionPlan.objects.get()
    assert plan.status == ActionPlanStatus.DRAFT and not plan.versions.exists()


def test_submitted_versions_are_immutable(submitted):
    version = submitted.versions.get()
    version.snapshot["title"] = "Diubah"
    with pytest.raises(ValueError):
        version.save()
    assert ActionPlanVersion.objects.get().snapshot["title"] == PLAN["title"]


def test_revision_then_resubmission_keeps_both_versions_comparable(
    client, course, owner, teammate, facilitator, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            plan_url(submitted, "community_plan_decide"),
            {"decision": "revision", "body": "Tambahkan indikator yang terukur."},
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ActionPlanStatus.REVISION_REQUESTED and submitted.mentor == facilitator
    assert sorted(message.to[0] for message in mailoutbox) == sorted([owner.email, teammate.email])
    assert "Tambahkan indikator yang terukur." in mailoutbox[0].body
    assert PLAN["title"] in mailoutbox[0].subject and "/action-plan/" in mailoutbox[0].body

    client.force_login(owner)
    html = client.get(my_plan_url(course)).content.decode()
    assert "Tambahkan indikator yang terukur." in html
    client.post(my_plan_url(course), {**plan_form(indicators="Perwal terbit pada Maret 2022."), "submit": "1"})
    submitted.refresh_from_db()
    assert submitted.status == ActionPlanStatus.SUBMITTED
    assert list(submitted.versions.values_list("number", flat=True)) == [1, 2]
    assert submitted.versions.get(number=1).snapshot["indicators"] == PLAN["indicators"]

    for user in (owner, facilitator):
        client.force_login(user)
        response = client.get(plan_url(submitted, "community_plan_compare"), {"from": 1, "to": 2})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<del>" in html and "<ins>" in html and "Maret" in html
        changed = {diff.name for diff in response.context["diffs"] if diff.changed}
        assert changed == {"indicators", "activities"}


def test_compare_reports_word_changes_field_by_field(submitted):
    first = submitted.versions.get()
    second = ActionPlanVersion(number=2, snapshot={**first.snapshot, "title": "Rencana Aksi Bappeda: Peta Jalan"})
    diff = next(diff for diff in action_plans.compare(first, second) if diff.name == "title")
    assert diff.changed
    assert diff.segments == [("equal", "Rencana Aksi Bappeda: Peta Jalan"), ("delete", " Kota HAM")]
    assert not next(diff for diff in action_plans.compare(first, second) if diff.name == "problem").changed


# Who may see, edit and comment ------------------------------------------------------------------


def test_plans_are_seen_by_their_team_and_course_staff_only(
    client, course, other_course, owner, teammate, stranger, facilitator, editor, submitted
):
    url = plan_url(submitted)
    for user in (owner, teammate, facilitator, editor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert PLAN["problem"] in response.content.decode()

    other_facilitator = staff_user("fasilitator-lain", FACILITATORS)
    CourseFacilitator.objects.create(page=other_course, user=other_facilitator)
    outsider = UserFactory(username="orang-luar")
    pending = enrol_participant(course, "menunggu", status=EnrolmentStatus.PENDING).user
    for user in (stranger, other_facilitator, outsider, pending):
        client.force_login(user)
        for target in (url, plan_url(submitted, "community_plan_compare"), plan_url(submitted, "community_plan_pdf")):
            response = client.get(target)
            assert response.status_code == 403, (user, target)
            assert PLAN["problem"] not in response.content.decode()
        assert client.get(reverse("community_mentor_plans", args=[course.course_key])).status_code == 403
        response = client.post(plan_url(submitted, "community_plan_comment"), {"version": 1, "body": "Halo"})
        assert response.status_code == 403
    assert not ActionPlanComment.objects.exists()

    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_participants_own_plan_page_never_shows_anothers_plan(client, course, stranger, submitted):
    client.force_login(stranger)
    html = client.get(my_plan_url(course)).content.decode()
    assert PLAN["title"] not in html and PLAN["problem"] not in html


def test_team_members_are_enrolled_participants_added_by_email(client, course, owner, teammate, stranger):
    plan = draft(course, owner)
    client.force_login(owner)
    team_url = reverse("community_plan_team", args=[course.course_key])
    outsider = UserFactory(username="luar", email="luar@example.org")
    for email in ("tidak-ada@example.org", outsider.email):
        response = client.post(team_url, {"email": email}, follow=True)
        assert "No participant of this course logs in with that e-mail address." in response.content.decode()
    client.post(team_url, {"email": teammate.email.upper()})
    assert list(plan.team.all()) == [teammate]

    client.force_login(teammate)
    html = client.get(my_plan_url(course)).content.decode()
    assert PLAN["problem"] in html
    assert client.post(my_plan_url(course), plan_form(problem="Ditulis oleh anggota tim.")).status_code == 302
    plan.refresh_from_db()
    assert plan.problem == "Ditulis oleh anggota tim." and plan.owner == owner
    client.post(team_url, {"email": stranger.email})  # only the owner manages the team
    assert list(plan.team.all()) == [teammate]

    draft(course, stranger)
    client.force_login(owner)
    response = client.post(team_url, {"email": stranger.email}, follow=True)
    assert "already works on another action plan" in response.content.decode()
    client.post(team_url, {"remove": teammate.pk})
    assert not plan.team.exists()


def test_comments_go_to_the_other_side(
    client, course, owner, teammate, facilitator, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(plan_url(submitted, "community_plan_comment"), {"version": 1, "body": "Bagus, lanjutkan."})
    assert sorted(message.to[0] for message in mailoutbox) == sorted([owner.email, teammate.email])
    mailoutbox.clear()

    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(plan_url(submitted, "community_plan_comment"), {"version": 1, "body": "Terima kasih, Bu."})
    assert sorted(message.to[0] for message in mailoutbox) == sorted([facilitator.email, teammate.email])
    html = client.get(plan_url(submitted)).content.decode()
    assert "Bagus, lanjutkan." in html and "Terima kasih, Bu." in html
    comment = ActionPlanComment.objects.get(body="Bagus, lanjutkan.")
    assert comment.by_staff and comment.version.number == 1


def test_only_mentors_decide(client, course, owner, submitted):
    client.force_login(owner)
    response = client.post(plan_url(submitted, "community_plan_decide"), {"decision": "approval", "body": ""})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ActionPlanStatus.SUBMITTED
    with pytest.raises(action_plans.ActionPlanError):
        action_plans.approve(submitted, course_access(owner, course), course)


def test_a_revision_request_needs_a_comment(client, course, facilitator, submitted):
    client.force_login(facilitator)
    response = client.post(plan_url(submitted, "community_plan_decide"), {"decision": "revision", "body": " "})
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == ActionPlanStatus.SUBMITTED


def test_facilitator_of_another_course_cannot_mentor(client, course, other_course, submitted):
    other_facilitator = staff_user("fasilitator-lain", FACILITATORS)
    CourseFacilitator.objects.create(page=other_course, user=other_facilitator)
    client.force_login(other_facilitator)
    response = client.post(plan_url(submitted, "community_plan_decide"), {"decision": "approval", "body": "OK"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ActionPlanStatus.SUBMITTED


# Approval, completion and PDF -------------------------------------------------------------------


def test_approval_emails_the_team_and_completes_the_course_when_required(
    client, course, owner, teammate, facilitator, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    course.require_action_plan_approved = True
    course.save_revision().publish()
    course.refresh_from_db()
    enrolment = owner.enrolments.get()
    assert [(r.label, r.met) for r in evaluate(enrolment, course)] == [("Action plan approved", False)]

    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            plan_url(submitted, "community_plan_decide"), {"decision": "approval", "body": "Disetujui. Selamat!"}
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ActionPlanStatus.APPROVED and submitted.decided_at is not None
    assert sorted(message.to[0] for message in mailoutbox) == sorted([owner.email, teammate.email])
    assert PLAN["title"] in mailoutbox[0].subject and "Disetujui. Selamat!" in mailoutbox[0].body
    assert indonesian(plan_url(submitted)) in mailoutbox[0].body
    assert set(CourseCompletion.objects.values_list("user_id", flat=True)) == {owner.pk, teammate.pk}

    assert [(r.label, r.met) for r in evaluate(enrolment, course)] == [("Action plan approved", True)]
    client.force_login(owner)
    assert client.post(my_plan_url(course), plan_form(title="Setelah disetujui")).status_code == 302
    submitted.refresh_from_db()
    assert submitted.title == PLAN["title"]  # an approved plan is closed


def test_pdf_only_for_approved_plans(client, course, owner, facilitator, submitted):
    client.force_login(owner)
    assert client.get(plan_url(submitted, "community_plan_pdf")).status_code == 403
    action_plans.approve(submitted, course_access(facilitator, course), course, "Bagus.")

    for user in (owner, facilitator):
        client.force_login(user)
        response = client.get(plan_url(submitted, "community_plan_pdf"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="rencana-aksi-bappeda-peta-jalan-kota-ham.pdf"'
        assert response.content.startswith(b"%PDF")


def test_the_pdf_holds_the_plan(course, owner, teammate, facilitator, submitted):
    action_plans.approve(submitted, course_access(facilitator, course), course)
    submitted.refresh_from_db()
    content = build_action_plan_pdf(submitted, course, compress=False)
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    # ReportLab keeps ASCII text readable in an uncompressed content stream, even in a TrueType subset.
    for text in (PLAN["title"], "Lokakarya", "Bappeda Kota Semarang", "Lestari Widodo", "Approved"):
        assert f"({text}".encode() in content or text.encode() in content, text
    assert b"/FontFile2" in content  # the TrueType font is embedded, so Indonesian text renders anywhere


def test_the_pdf_prints_vietnamese_and_arabic_transliterated_names(course, facilitator):
    """The action plan uses the certificates' full-coverage font: "Nguyễn" prints, not "Nguy□n"."""
    owner = enrol_participant(course, "nguyen", full_name="Nguyễn Thị Ṣalāḥ, S.H., M.Si.").user
    plan = draft(course, owner, title="Rencana Aksi Nguyễn", responsible_unit="Dinas Sosial “Đà Nẵng”")
    action_plans.submit(plan, course_access(owner, course))
    action_plans.approve(plan, course_access(facilitator, course), course)
    plan.refresh_from_db()

    content = build_action_plan_pdf(plan, course)
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = unicodedata.normalize("NFC", "".join(page.extract_text() for page in reader.pages))
    for printed in ("Rencana Aksi Nguyễn", "Nguyễn Thị Ṣalāḥ", "“Đà Nẵng”"):
        assert printed in text
    # Every character printed has a glyph of its own in the embedded fonts, none falls back to .notdef.
    fonts = {
        font["/BaseFont"]
        for page in reader.pages
        for font in (reference.get_object() for reference in page["/Resources"]["/Font"].values())
    }
    assert {"/AAAAAA+DejaVuSerif", "/AAAAAA+DejaVuSerif-Bold"} <= fonts, fonts
    glyphs = pdfmetrics.getFont(pdf.FONT).face.charToGlyph
    for character in "ễṢāḥĐẵ“”":
        assert glyphs.get(ord(character)), character


# Lists, report and dashboard --------------------------------------------------------------------


def test_mentors_list_plans_by_status(client, course, owner, stranger, facilitator, submitted):
    draft(course, stranger, title="Rencana Aksi Dinas Sosial")
    client.force_login(facilitator)
    url = reverse("community_mentor_plans", args=[course.course_key])
    response = client.get(url)
    assert [row["plan"].title for row in response.context["rows"]] == [PLAN["title"], "Rencana Aksi Dinas Sosial"]
    response = client.get(url, {"status": "draft"})
    assert [row["plan"].title for row in response.context["rows"]] == ["Rencana Aksi Dinas Sosial"]
    assert "Submitted, waiting for the mentor (1)" in response.content.decode()


def test_course_report_counts_action_plans_by_status(client, course, owner, stranger, facilitator, submitted):
    draft(course, stranger, title="Rencana Aksi Dinas Sosial")
    report = reports.course_report(course)
    [section] = [section for section in report.sections if section.slug == "action-plans"]
    assert {str(tally.label): tally.count for tally in section.tallies} == {
        "Draft": 1,
        "Submitted, waiting for the mentor": 1,
        "Revision requested": 0,
        "Approved": 0,
    }
    client.force_login(facilitator)
    html = client.get(reverse("courses_admin_report", args=[course.pk])).content.decode()
    assert 'id="action-plans-heading"' in html
    lines = client.get(reverse("courses_admin_report_export", args=[course.pk, "csv"])).content.decode("utf-8-sig")
    assert "Action plans,Draft,1,2,50" in lines.splitlines()


def test_dashboard_shows_the_plan_status_and_latest_comment(client, course, owner, teammate, facilitator, submitted):
    action_plans.request_revision(submitted, course_access(facilitator, course), "Perjelas anggaran per kegiatan.")
    for user in (owner, teammate):
        client.force_login(user)
        html = client.get(reverse("courses_dashboard")).content.decode()
        assert "Revision requested" in html
        assert "Perjelas anggaran per kegiatan." in html
        assert my_plan_url(course) in html


def test_dashboard_dates_the_latest_comment_in_the_readers_time_zone(client, course, owner, facilitator, submitted):
    comment = action_plans.request_revision(submitted, course_access(facilitator, course), "Perjelas anggaran.")
    # 20:00 UTC on 1 March is 03:00 on 2 March in Jakarta: the comment's time must come back as UTC.
    written = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    ActionPlanComment.objects.filter(pk=comment.pk).update(created_at=written)
    client.force_login(owner)
    with translation.override("id"):
        html = client.get(reverse("courses_dashboard")).content.decode()
    assert f"oleh {forum.display_name(facilitator)} pada 2 Maret 2026" in html


def test_dashboard_never_shows_a_commenters_e_mail(client, course, owner, facilitator, submitted):
    facilitator.username, facilitator.first_name, facilitator.last_name = "ayu@komnasham.go.id", "", ""
    facilitator.save()
    action_plans.request_revision(submitted, course_access(facilitator, course), "Perjelas anggaran.")
    client.force_login(owner)
    html = client.get(reverse("courses_dashboard")).content.decode()
    assert "by ayu on" in html and "komnasham.go.id" not in html


# Personal data ----------------------------------------------------------------------------------


def test_plans_are_in_the_data_export_and_survive_the_owners_erasure(client, course, owner, teammate, submitted):
    client.force_login(teammate)
    data = client.get(reverse("courses_export_data")).json()
    assert [(plan["role"], plan["draft"]["title"]) for plan in data["action_plans"]] == [("team member", PLAN["title"])]
    assert data["action_plans"][0]["versions"][0]["content"]["problem"] == PLAN["problem"]

    from courses.personal_data import erase_participant

    erase_participant(owner)
    plan = ActionPlan.objects.get()
    assert plan.owner == teammate and not plan.team.exists() and plan.versions.count() == 1


# Comparing long, unrelated versions -----------------------------------------------------------

LONG_FIELDS = ("problem", "capital", "objectives", "indicators")


def random_words(seed, vocabulary, length=5_000):
    """`length` characters of words drawn from a small vocabulary: the matcher's worst case."""
    chooser = random.Random(seed)  # noqa: S311 - test data, not a secret
    words = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(chooser.choice(vocabulary))
    return " ".join(words)[:length]


def reconstructed(segments, side):
    return "".join(text for operation, text in segments if operation in ("equal", side))


def test_compare_of_long_unrelated_versions_is_bounded_and_says_so(monkeypatch, submitted):
    pairs_walked = []
    find_longest_match = difflib.SequenceMatcher.find_longest_match

    def counting(matcher, alo=0, ahi=None, blo=0, bhi=None):
        pairs_walked.append(sum(len(matcher.b2j.get(word, ())) for word in matcher.a[alo:ahi]))
        return find_longest_match(matcher, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counting)
    vocabulary = ["hak", "asasi", "manusia", "kota", "warga"]
    resources = random_words("resources", vocabulary)
    first = ActionPlanVersion(
        number=1,
        snapshot={**PLAN, "resources": resources, **{name: random_words(name, vocabulary) for name in LONG_FIELDS}},
    )
    second = ActionPlanVersion(
        number=2,
        snapshot={
            **PLAN,
            "title": "Peta Jalan",
            "resources": resources.replace(" ", " APBD ", 1),
            **{name: random_words(name * 2, vocabulary) for name in LONG_FIELDS},
        },
    )

    diffs = {diff.name: diff for diff in action_plans.compare(first, second)}

    assert sum(pairs_walked) <= action_plans.COMPARE_BUDGET
    assert {name for name, diff in diffs.items() if diff.changed} == {"title", "resources", *LONG_FIELDS}
    assert any(diffs[name].too_different for name in LONG_FIELDS)
    # What the budget could not cover does not stop the fields that changed little.
    assert not diffs["title"].too_different and not diffs["resources"].too_different
    assert [text for operation, text in diffs["resources"].segments if operation != "equal"] == [" APBD"]
    for name in LONG_FIELDS:
        assert reconstructed(diffs[name].segments, "delete") == first.snapshot[name]
        assert reconstructed(diffs[name].segments, "insert") == second.snapshot[name]
        if diffs[name].too_different:
            assert diffs[name].segments == [("delete", first.snapshot[name]), ("insert", second.snapshot[name])]


def test_a_long_field_revised_here_and_there_is_still_compared_word_by_word():
    text = random_words("plan", [f"kata{number}" for number in range(300)])
    words = text.split(" ")
    revised = " ".join("DIUBAH" if index % 50 == 7 else word for index, word in enumerate(words))
    first = ActionPlanVersion(number=1, snapshot={**PLAN, "problem": text})
    second = ActionPlanVersion(number=2, snapshot={**PLAN, "problem": revised})

    diff = next(diff for diff in action_plans.compare(first, second) if diff.name == "problem")

    assert diff.changed and not diff.too_different
    assert [text for operation, text in diff.segments if operation == "insert"] == [" DIUBAH"] * len(words[7::50])
    assert reconstructed(diff.segments, "delete") == text
    assert reconstructed(diff.segments, "insert") == revised


def test_the_compare_page_explains_a_field_too_different_to_compare(client, course, owner, submitted):
    snapshot = submitted.versions.get().snapshot
    for number, seed in ((2, "first"), (3, "second")):
        unrelated = {name: random_words(name + seed, ["hak", "asasi", "manusia"]) for name in LONG_FIELDS}
        ActionPlanVersion.objects.create(
            plan=submitted, number=number, snapshot={**snapshot, **unrelated}, submitted_by=owner
        )
    client.force_login(owner)

    response = client.get(plan_url(submitted, "community_plan_compare"), {"from": 2, "to": 3})

    assert response.status_code == 200
    assert any(diff.too_different for diff in response.context["diffs"])
    assert "too different to compare word by word" in response.content.decode()
