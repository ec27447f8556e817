import datetime
import threading
from decimal import Decimal

import pytest

from django.db import connection
from django.utils import timezone

from courses.certificates import issuing
from courses.certificates.choices import CertificateAction, CertificateStatus
from courses.certificates.issuing import CertificateError, issue_certificate, reissue, revoke
from courses.certificates.models import Certificate, CertificateSequence, CourseCertificateSettings
from courses.choices import AttendanceStatus, EnrolmentStatus
from courses.completion import update_completion
from courses.models import Attendance, ParticipantProfile
from courses.personal_data import erase_participant, export_personal_data
from home.localize import translate_with_strings
from tests.certificates.conftest import certified_course, completed
from tests.factories import UserFactory, enrol_participant


def test_completed_participant_gets_a_numbered_certificate_with_frozen_details(course, locales):
    translate_with_strings(course, locales["en"], {course.title: "Human Rights City Training"})
    enrolment = completed(course, "dewi", full_name="Dewi Anggraini, S.H.")
    issued_at = datetime.datetime(2021, 9, 10, 10, 0, tzinfo=datetime.UTC)
    certificate, created = issue_certificate(enrolment, course, issued_at=issued_at)
    assert created
    assert certificate.number == "001/PKH-SMG/IX/2021"
    assert (certificate.year, certificate.sequence) == (2021, 1)
    assert certificate.holder == enrolment.user and certificate.holder_name == "Dewi Anggraini, S.H."
    assert certificate.course_title("id") == "Pelatihan Kabupaten/Kota HAM"
    assert certificate.course_title("en") == "Human Rights City Training"
    assert (certificate.course_start_date, certificate.course_end_date) == (course.start_date, course.end_date)
    assert certificate.learning_hours == 30 and certificate.final_score is None
    assert certificate.is_valid and certificate.issued_by is None and certificate.expires_on is None
    assert len(certificate.verification_code) >= 20  # 15 random bytes = 120 bits, URL-safe
    assert set(certificate.verification_code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert certificate.verification_path == f"/v/{certificate.verification_code}/"
    assert [event.action for event in certificate.events.all()] == [CertificateAction.ISSUED]


def test_the_english_page_issues_the_same_certificate(course, locales):
    english, _missing = translate_with_strings(course, locales["en"], {course.title: "Human Rights City Training"})
    enrolment = completed(course, "dewi")
    certificate, _created = issue_certificate(enrolment.user, english)
    again, created = issue_certificate(enrolment.user, course)
    assert again == certificate and not created and certificate.course_key == course.course_key


def test_issue_is_idempotent(course):
    enrolment = completed(course, "dewi")
    first, created = issue_certificate(enrolment, course)
    second, created_again = issue_certificate(enrolment, course)
    assert created and not created_again and first == second
    assert Certificate.objects.count() == 1
    assert CertificateSequence.objects.get(course_key=course.course_key).last_number == 1


def test_numbers_follow_the_year_of_issue(course):
    december = datetime.datetime(2021, 12, 20, 3, 0, tzinfo=datetime.UTC)
    january = datetime.datetime(2022, 1, 3, 3, 0, tzinfo=datetime.UTC)
    numbers = [
        issue_certificate(completed(course, f"p{n}"), course, issued_at=when)[0].number
        for n, when in enumerate([december, december, january])
    ]
    assert numbers == ["001/PKH-SMG/XII/2021", "002/PKH-SMG/XII/2021", "001/PKH-SMG/I/2022"]


def test_eligibility_and_staff_override(course, editor):
    enrolment = enrol_participant(course, "belum")
    with pytest.raises(CertificateError):
        issue_certificate(enrolment, course)
    certificate, created = issue_certificate(enrolment, course, issued_by=editor, force=True)
    assert created and certificate.issued_by == editor
    assert certificate.events.get().note  # says it was issued before completion
    outsider = UserFactory(username="bukan-peserta")
    ParticipantProfile.objects.create(user=outsider, full_name="Orang Luar", participant_type="other")
    with pytest.raises(CertificateError):
        issue_certificate(outsider, course, issued_by=editor, force=True)
    pending = enrol_participant(course, "menunggu", status=EnrolmentStatus.PENDING)
    with pytest.raises(CertificateError):
        issue_certificate(pending, course, issued_by=editor, force=True)
    assert Certificate.objects.count() == 1


def test_course_without_certificates_or_with_a_broken_format_refuses(course_index):
    plain = certified_course(course_index, "Kelas tanpa sertifikat", "tanpa-sertifikat", issue_certificates=False)
    with pytest.raises(CertificateError):
        issue_certificate(completed(plain, "a"), plain)
    broken = certified_course(course_index, "Kelas rusak", "rusak")
    # Saved before the format was checked, or changed behind the form's back.
    CourseCertificateSettings.objects.filter(course_key=broken.course_key).update(
        number_format="{seq}/{code:03d}/{year}"
    )
    with pytest.raises(CertificateError):
        issue_certificate(completed(broken, "b"), broken)
    assert not Certificate.objects.exists() and not CertificateSequence.objects.filter(last_number__gt=0).exists()


def test_expiry_and_validity(course):
    CourseCertificateSettings.objects.filter(course_key=course.course_key).update(valid_months=24)
    issued_at = datetime.datetime(2020, 1, 31, 3, 0, tzinfo=datetime.UTC)
    certificate, _created = issue_certificate(completed(course, "dewi"), course, issued_at=issued_at)
    assert certificate.expires_on == datetime.date(2022, 1, 31)
    assert not certificate.is_valid and certificate.status == CertificateStatus.VALID
    assert issuing.add_months(datetime.date(2021, 1, 31), 1) == datetime.date(2021, 2, 28)


def test_holder_name_is_frozen_and_reissue_takes_the_corrected_one(course, editor):
    enrolment = completed(course, "dewi", full_name="Devi Angraini")
    old, _created = issue_certificate(enrolment, course)
    ParticipantProfile.objects.filter(user=enrolment.user).update(full_name="Dewi Anggraini, S.H.")
    old.refresh_from_db()
    assert old.holder_name == "Devi Angraini"

    new = reissue(old, editor, "Nama salah eja")
    old.refresh_from_db()
    assert (
        old.status == CertificateStatus.REVOKED and old.revoked_by == editor and old.revoked_reason == "Nama salah eja"
    )
    assert new.replaces == old and old.replaced_by == new
    assert new.holder_name == "Dewi Anggraini, S.H." and new.issued_by == editor
    assert new.sequence == 2 and new.number != old.number and new.verification_code != old.verification_code
    assert [(e.action, e.actor) for e in old.events.all()] == [
        (CertificateAction.ISSUED, None),
        (CertificateAction.REVOKED, editor),
    ]
    assert [(e.action, e.actor) for e in new.events.all()] == [(CertificateAction.REISSUED, editor)]
    assert old.number in new.events.get().note
    assert issue_certificate(enrolment, course) == (new, False)


def test_revoke_needs_a_reason_and_happens_once(course, editor):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    with pytest.raises(CertificateError):
        revoke(certificate, "  ", editor)
    revoke(certificate, "Tidak memenuhi syarat kehadiran", editor)
    assert certificate.is_revoked and not certificate.is_valid and certificate.revoked_at is not None
    with pytest.raises(CertificateError):
        revoke(certificate, "lagi", editor)
    with pytest.raises(CertificateError):
        reissue(certificate, editor, "lagi")
    assert [e.action for e in certificate.events.all()] == [CertificateAction.ISSUED, CertificateAction.REVOKED]
    # A revoked certificate does not count: issuing again gives a new one with the next number.
    again, created = issue_certificate(certificate.holder, course)
    assert created and again.sequence == 2


def test_e_mail_and_alumni_lists_follow_the_commit(course, editor, monkeypatch, django_capture_on_commit_callbacks):
    issued, revoked = [], []
    monkeypatch.setattr("courses.certificates.emails.queue_certificate_email", issued.append)
    monkeypatch.setattr("courses.certificates.alumni.purge_alumni_lists", revoked.append)
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = issue_certificate(completed(course, "dewi"), course)
        assert issued == []
    assert issued == [certificate]
    with django_capture_on_commit_callbacks(execute=True):
        issue_certificate(certificate.holder, course)  # nothing new
        replacement = reissue(certificate, editor, "Nama salah eja")
    assert issued == [certificate, replacement] and revoked == [certificate]
    with django_capture_on_commit_callbacks(execute=True):
        issue_certificate(completed(course, "sari"), course, email=False)  # a batch mails its own
    assert len(issued) == 2


def completing_course(course_index, **fields):
    return certified_course(course_index, min_attendance_percent=50, **fields)


def attend(enrolment, course, count):
    for session in course.session_list[:count]:
        Attendance.objects.create(
            enrolment=enrolment, session_key=session.translation_key, status=AttendanceStatus.PRESENT, source="staff"
        )


def test_completion_issues_the_certificate_automatically(course_index, django_capture_on_commit_callbacks):
    course = completing_course(course_index)
    enrolment = enrol_participant(course, "dewi", full_name="Dewi Anggraini, S.H.")
    attend(enrolment, course, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert update_completion(enrolment, course) is None
    assert not Certificate.objects.exists()
    attend_rest = course.session_list[1]
    Attendance.objects.create(
        enrolment=enrolment, session_key=attend_rest.translation_key, status=AttendanceStatus.PRESENT, source="staff"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert update_completion(enrolment, course) is not None
        assert not Certificate.objects.exists()  # only once the completion is committed
    certificate = Certificate.objects.get()
    assert certificate.holder == enrolment.user and certificate.issued_by is None
    assert certificate.number.startswith("001/PKH-SMG/")


def test_no_automatic_issue_when_the_course_says_so(course_index, django_capture_on_commit_callbacks):
    course = completing_course(course_index, auto_issue=False)
    enrolment = enrol_participant(course, "dewi")
    attend(enrolment, course, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert update_completion(enrolment, course) is not None
    assert not Certificate.objects.exists()


def test_final_score_is_the_mean_of_the_required_quizzes(course):
    from courses.quiz.models import Attempt
    from tests.quiz.builders import make_question, make_quiz
    from tests.quiz.test_taking import make_quiz_page

    CourseCertificateSettings.objects.filter(course_key=course.course_key).update(shows_score=True)
    pre = make_quiz_page(course, make_quiz([make_question("Q1")], title="Pre", slug="pre"), slug="pre")
    post = make_quiz_page(course, make_quiz([make_question("Q2")], title="Post", slug="post"), slug="post")
    enrolment = completed(course, "dewi")
    for page, percent in ((pre, "60"), (post, "85")):
        Attempt.objects.create(
            user=enrolment.user,
            quiz_key=page.quiz.quiz_key,
            course_key=course.course_key,
            number=1,
            state="submitted",
            submitted_at=timezone.now(),
            percent=Decimal(percent),
            question_keys=[],
        )
    certificate, _created = issue_certificate(enrolment, course)
    assert certificate.final_score == Decimal("72.50")


def test_erasure_keeps_the_certificate_and_export_lists_it(course):
    enrolment = completed(course, "dewi", full_name="Dewi Anggraini, S.H.")
    certificate, _created = issue_certificate(enrolment, course)
    exported = export_personal_data(enrolment.user)["certificates"]
    assert [(row["number"], row["name"], row["status"]) for row in exported] == [
        (certificate.number, "Dewi Anggraini, S.H.", "valid")
    ]
    assert exported[0]["verification_url"].endswith(certificate.verification_path)
    erase_participant(enrolment.user)
    certificate.refresh_from_db()
    assert certificate.holder is None and certificate.holder_name == "Dewi Anggraini, S.H." and certificate.is_valid
    with pytest.raises(CertificateError):
        reissue(certificate, None, "Nama salah eja")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking under concurrency is tested on PostgreSQL")
def test_concurrent_issue_gives_one_certificate_each_without_gaps(site_tree):
    course = certified_course(site_tree.courses["id"])
    enrolments = [completed(course, f"peserta{n}") for n in range(8)]
    outcomes, errors = [], []

    def issue(enrolment):
        from django.db import connections

        try:
            certificate, created = issue_certificate(enrolment, course)
            outcomes.append((enrolment.user_id, certificate.pk, created))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(enrolment,)) for enrolment in enrolments for _tab in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(created for _user, _pk, created in outcomes) == len(enrolments)
    certificates = list(Certificate.objects.filter(course_key=course.course_key))
    assert len(certificates) == len(enrolments)
    assert sorted(c.sequence for c in certificates) == list(range(1, len(enrolments) + 1))
    assert len({c.number for c in certificates}) == len(enrolments)
    assert len({c.holder_id for c in certificates}) == len(enrolments)
    # Every thread of one participant got that participant's single certificate.
    by_user = {}
    for user_id, pk, _created in outcomes:
        by_user.setdefault(user_id, set()).add(pk)
    assert all(len(pks) == 1 for pks in by_user.values())
    assert CertificateSequence.objects.get(course_key=course.course_key).last_number == len(enrolments)
