from django.urls import reverse

from courses.certificates.choices import CertificateStatus
from courses.certificates.issuing import issue_certificate
from courses.certificates.models import Certificate
from tests.certificates.conftest import completed
from tests.factories import enrol_participant


def test_anonymous_visitors_are_sent_to_login(client, course):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    for url in (reverse("certificates:index"), reverse("certificates:inspect", args=[certificate.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_editor_lists_searches_and_filters_certificates(client, editor, course, other_course):
    dewi, _created = issue_certificate(completed(course, "dewi", full_name="Dewi Anggraini"), course)
    rudi, _created = issue_certificate(completed(other_course, "rudi", full_name="Rudi Hartono"), other_course)
    client.force_login(editor)
    page = client.get(reverse("certificates:index")).content.decode()
    assert dewi.number in page and rudi.number in page
    found = client.get(reverse("certificates:index"), {"q": "Hartono"}).content.decode()
    assert rudi.number in found and "Dewi Anggraini" not in found
    by_number = client.get(reverse("certificates:index"), {"q": dewi.number}).content.decode()
    assert "Dewi Anggraini" in by_number and "Rudi Hartono" not in by_number
    by_course = client.get(reverse("certificates:index"), {"course_key": str(other_course.course_key)})
    assert "Rudi Hartono" in by_course.content.decode() and "Dewi Anggraini" not in by_course.content.decode()
    client.post(reverse("certificates:revoke", args=[dewi.pk]), {"revoke-reason": "Salah orang"})
    revoked = client.get(reverse("certificates:index"), {"status": CertificateStatus.REVOKED}).content.decode()
    assert "Dewi Anggraini" in revoked and "Rudi Hartono" not in revoked


def test_facilitator_of_another_course_cannot_see_or_revoke(client, course, other_facilitator):
    certificate, _created = issue_certificate(completed(course, "dewi", full_name="Dewi Anggraini"), course)
    client.force_login(other_facilitator)
    listing = client.get(reverse("certificates:index"))
    assert listing.status_code == 200 and "Dewi Anggraini" not in listing.content.decode()
    assert client.get(reverse("certificates:inspect", args=[certificate.pk])).status_code == 403
    response = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"revoke-reason": "Iseng"})
    assert response.status_code == 403
    response = client.post(reverse("certificates:reissue", args=[certificate.pk]), {"reissue-reason": "Iseng"})
    assert response.status_code == 403
    enrolment = enrol_participant(course, "lain")
    response = client.post(reverse("courses_admin_certificate_issue", args=[course.pk, enrolment.pk]), {"force": "1"})
    assert response.status_code == 403
    assert client.get(reverse("courses_admin_certificates", args=[course.pk])).status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID and Certificate.objects.count() == 1


def test_participant_without_admin_access_sees_nothing(client, course):
    enrolment = completed(course, "dewi")
    certificate, _created = issue_certificate(enrolment, course)
    client.force_login(enrolment.user)
    assert client.get(reverse("certificates:inspect", args=[certificate.pk])).status_code in (302, 403)
    assert client.get(reverse("certificates:index")).status_code in (302, 403)


def test_facilitator_revokes_with_a_reason_and_reissues(client, course, facilitator):
    certificate, _created = issue_certificate(completed(course, "dewi", full_name="Devi"), course)
    client.force_login(facilitator)
    detail = client.get(reverse("certificates:inspect", args=[certificate.pk]))
    assert detail.status_code == 200 and certificate.number in detail.content.decode()
    response = client.post(reverse("certificates:reissue", args=[certificate.pk]), {"reissue-reason": ""})
    assert response.status_code == 400
    certificate.holder.participant_profile.full_name = "Dewi"
    certificate.holder.participant_profile.save()
    response = client.post(reverse("certificates:reissue", args=[certificate.pk]), {"reissue-reason": "Salah eja"})
    replacement = Certificate.objects.get(replaces=certificate)
    assert response.status_code == 302 and response["Location"] == reverse(
        "certificates:inspect", args=[replacement.pk]
    )
    assert replacement.holder_name == "Dewi" and replacement.issued_by == facilitator
    history = client.get(reverse("certificates:inspect", args=[certificate.pk])).content.decode()
    assert "Salah eja" in history and replacement.number in history
    response = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"revoke-reason": "Lagi"})
    assert response.status_code == 400  # already revoked
    response = client.post(reverse("certificates:revoke", args=[replacement.pk]), {"revoke-reason": "Plagiat"})
    replacement.refresh_from_db()
    assert response.status_code == 302 and replacement.is_revoked and replacement.revoked_by == facilitator


def test_course_tab_issues_one_certificate_at_a_time(client, course, facilitator):
    done = completed(course, "dewi", full_name="Dewi Anggraini")
    not_done = enrol_participant(course, "rudi", full_name="Rudi Hartono")
    client.force_login(facilitator)
    tab = client.get(reverse("courses_admin_certificates", args=[course.pk])).content.decode()
    assert "Dewi Anggraini" in tab and "Rudi Hartono" in tab
    issue_url = reverse("courses_admin_certificate_issue", args=[course.pk, done.pk])
    assert client.post(issue_url).status_code == 302
    assert client.post(issue_url).status_code == 302  # again: nothing new
    certificate = Certificate.objects.get()
    assert certificate.holder == done.user and certificate.issued_by == facilitator
    assert certificate.number in client.get(reverse("courses_admin_certificates", args=[course.pk])).content.decode()
    # Without recorded completion only with the explicit override.
    client.post(reverse("courses_admin_certificate_issue", args=[course.pk, not_done.pk]))
    assert Certificate.objects.count() == 1
    client.post(reverse("courses_admin_certificate_issue", args=[course.pk, not_done.pk]), {"force": "1"})
    assert Certificate.objects.filter(holder=not_done.user).exists()
