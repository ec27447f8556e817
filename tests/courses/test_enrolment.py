import datetime

import pytest

from django.core.exceptions import ValidationError

from courses.choices import EnrolmentMode, EnrolmentStatus
from courses.enrolment import EnrolmentClosedError, EnrolmentError, approve, enrol, reject, withdraw
from courses.models import Enrolment, Invitation
from tests.factories import UserFactory, make_course, make_participant, still_enrolling


@pytest.fixture
def course(site_tree):
    return make_course(site_tree.courses["id"], sessions=[{}, {}], end_date=still_enrolling())


def test_open_course_enrols_at_once_and_mails(course, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(make_participant(), course)
    assert enrolment.status == EnrolmentStatus.APPROVED
    assert len(mailoutbox) == 1
    assert course.title in mailoutbox[0].subject


def test_enrolling_twice_keeps_one_enrolment(course):
    user = make_participant()
    enrol(user, course)
    enrol(user, course)
    assert Enrolment.objects.filter(user=user).count() == 1


def test_capacity_puts_later_participants_on_waitlist_and_withdrawal_promotes(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    course.capacity = 2
    course.save()
    first, second, third = (enrol(make_participant(f"p{n}"), course) for n in range(3))
    assert [first.status, second.status, third.status] == ["approved", "approved", "waitlisted"]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(first, course)
    third.refresh_from_db()
    assert third.status == EnrolmentStatus.APPROVED
    assert any("p2@" in message.to[0] for message in mailoutbox)


def test_approval_mode_waits_for_staff_and_respects_capacity(course, mailoutbox, django_capture_on_commit_callbacks):
    course.enrolment_mode, course.capacity = EnrolmentMode.APPROVAL, 1
    course.save()
    staff = make_participant("staff")
    first = enrol(make_participant("a"), course)
    second = enrol(make_participant("b"), course)
    assert first.status == second.status == EnrolmentStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        approve(first, course, staff)
    assert first.status == EnrolmentStatus.APPROVED and first.decided_by == staff
    with pytest.raises(EnrolmentError):
        approve(second, course, staff)
    with django_capture_on_commit_callbacks(execute=True):
        reject(second, staff)
    assert mailoutbox[-1].to == [second.user.email]
    with pytest.raises(EnrolmentError):
        enrol(second.user, course)  # a declined participant cannot simply enrol again


def test_key_mode_checks_the_key(course):
    course.enrolment_mode, course.enrolment_key = EnrolmentMode.KEY, "SMG-2021"
    course.save()
    with pytest.raises(EnrolmentError):
        enrol(make_participant("a"), course, key="salah")
    assert not Enrolment.objects.exists()
    assert enrol(make_participant("b"), course, key=" SMG-2021 ").status == EnrolmentStatus.APPROVED


def test_invited_participant_skips_key_and_approval(course):
    course.enrolment_mode = EnrolmentMode.APPROVAL
    course.save()
    user = make_participant("diundang")
    Invitation.objects.create(course_key=course.course_key, email=user.email.upper())
    assert enrol(user, course).status == EnrolmentStatus.APPROVED
    assert Invitation.objects.get().accepted_at is not None


def test_enrolment_is_shared_by_both_languages(course, locales):
    english = course.copy_for_translation(locales["en"])
    english.save_revision().publish()
    user = make_participant()
    enrol(user, english)
    assert enrol(user, course).pk == Enrolment.objects.get().pk


def test_rejecting_an_enrolled_participant_promotes_the_waiting_list(course):
    course.capacity = 1
    course.save()
    first = enrol(make_participant("a"), course)
    waiting = enrol(make_participant("b"), course)
    assert waiting.status == EnrolmentStatus.WAITLISTED
    reject(first, by=None, course=course)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.APPROVED


# Closing -----------------------------------------------------------------------------------------


def test_a_course_that_has_ended_takes_no_enrolments(site_tree, client):
    past = make_course(site_tree.courses["id"], slug="2021", sessions=[{}])  # ended on 7 September 2021
    user = make_participant()
    with pytest.raises(EnrolmentClosedError, match="7 September 2021"):
        enrol(user, past)
    assert not Enrolment.objects.exists()

    client.force_login(user)
    page = client.get(past.url).content.decode()
    assert "7 September 2021" in page
    assert 'class="enrolment-closed"' in page and f'action="{past.url}enrol/"' not in page
    response = client.post(f"{past.url}enrol/")
    assert response.status_code == 400 and not Enrolment.objects.exists()
    assert past.enrolment_is_open(now=datetime.datetime(2021, 9, 7, 16, 59, tzinfo=datetime.UTC))  # 23:59 WIB
    assert not past.enrolment_is_open(now=datetime.datetime(2021, 9, 7, 17, 0, tzinfo=datetime.UTC))  # 00:00 WIB


def test_an_invitation_does_not_reopen_a_closed_course(site_tree):
    past = make_course(site_tree.courses["id"], slug="2021", sessions=[{}])
    user = make_participant()
    Invitation.objects.create(course_key=past.course_key, email=user.email)
    with pytest.raises(EnrolmentClosedError):
        enrol(user, past)


def test_the_course_can_close_enrolment_before_it_ends(course):
    course.enrolment_closes_on = course.end_date - datetime.timedelta(days=30)
    course.save()
    assert not course.enrolment_is_open(now=course_noon(course.enrolment_closes_on + datetime.timedelta(days=1)))
    assert course.enrolment_is_open(now=course_noon(course.enrolment_closes_on))
    assert course.enrolment_last_day == course.enrolment_closes_on


def test_enrolment_cannot_close_after_the_course_ends(course):
    course.enrolment_closes_on = course.end_date + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        course.full_clean()
    assert "enrolment_closes_on" in refused.value.error_dict


def test_waiting_enrolments_are_still_decided_after_closing(site_tree):
    past = make_course(site_tree.courses["id"], slug="2021", sessions=[{}])
    waiting = Enrolment.objects.create(
        user=make_participant(), course_key=past.course_key, status=EnrolmentStatus.PENDING
    )
    approve(waiting, past, UserFactory(username="staf"))
    assert waiting.status == EnrolmentStatus.APPROVED
    assert enrol(waiting.user, past) == waiting  # an enrolment already made is returned as it is


def course_noon(day):
    return datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)
