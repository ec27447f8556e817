"""“My certificates” on the participant's dashboard: own certificates only, LinkedIn link, the alumni opt-in."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from courses.certificates.issuing import issue_certificate, revoke
from courses.certificates.models import Certificate
from tests.certificates.conftest import completed


def test_dashboard_lists_own_certificates_with_links(client, course, other_course):
    mine, _created = issue_certificate(completed(course, "dewi", full_name="Dewi Anggraini"), course)
    theirs, _created = issue_certificate(completed(other_course, "rudi", full_name="Rudi Hartono"), other_course)
    client.force_login(mine.holder)
    page = client.get("/id/my-courses/").content.decode()
    assert mine.number in page and theirs.number not in page and "Rudi Hartono" not in page
    assert reverse("certificate_pdf", args=[mine.pk]) in page
    assert mine.verification_path in page
    assert reverse("certificate_alumni_opt_in", args=[mine.pk]) in page


def test_linkedin_link_is_encoded_with_number_and_verification_url(client, course):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    client.force_login(certificate.holder)
    response = client.get("/en/my-courses/")
    links = [link for link in response.content.decode().split('"') if link.startswith("https://www.linkedin.com/")]
    assert len(links) == 1
    url = urlsplit(links[0].replace("&amp;", "&"))
    assert url.path == "/profile/add" and "/" not in url.query.split("certId=")[1].split("&")[0]
    query = parse_qs(url.query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["certId"] == [certificate.number]  # "001/PKH-SMG/…" arrives whole, slashes and all
    assert query["certUrl"] == [certificate.verification_url]
    assert query["name"] == [certificate.course_title_en]
    assert query["issueYear"] == [str(certificate.issued_at.year)]
    assert query["issueMonth"] == [str(certificate.issued_at.month)]
    assert query["organizationName"][0]


def test_revoked_certificate_has_no_linkedin_link_or_opt_in(client, course):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    revoke(certificate, "Salah nama", None)
    client.force_login(certificate.holder)
    page = client.get("/id/my-courses/").content.decode()
    assert certificate.number in page and "linkedin.com" not in page
    assert reverse("certificate_pdf", args=[certificate.pk]) not in page  # marked revoked, nothing to download
    assert reverse("certificate_alumni_opt_in", args=[certificate.pk]) not in page


def test_only_the_holder_changes_the_opt_in(client, course, facilitator):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    other = completed(course, "rudi").user
    url = reverse("certificate_alumni_opt_in", args=[certificate.pk])
    assert client.post(url, {"listed": "1"}).status_code == 302  # to the login page
    for user in (other, facilitator):
        client.force_login(user)
        assert client.post(url, {"listed": "1"}).status_code == 404
    assert not Certificate.objects.get(pk=certificate.pk).listed_as_alumnus
    client.force_login(certificate.holder)
    assert client.get(url).status_code == 405
    response = client.post(url, {"listed": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/my-courses/")
    assert Certificate.objects.get(pk=certificate.pk).listed_as_alumnus
    client.post(url, {"listed": "0"})
    assert not Certificate.objects.get(pk=certificate.pk).listed_as_alumnus


def test_dashboard_queries_do_not_grow_with_certificates(client, course, other_course, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    client.force_login(certificate.holder)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/id/my-courses/").status_code == 200
    enrol = completed(other_course, "dewi.dua")
    second, _created = issue_certificate(enrol, other_course)
    Certificate.objects.filter(pk=second.pk).update(holder=certificate.holder)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/id/my-courses/").content.decode()
    assert certificate.number in page and second.number in page


def test_opt_in_returns_to_the_dashboard_in_the_language_of_the_form(client, course):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    client.force_login(certificate.holder)
    page = client.get("/en/my-courses/").content.decode()
    action = reverse("certificate_alumni_opt_in", args=[certificate.pk]) + "?lang=en"
    assert f'action="{action}"' in page
    response = client.post(action, {"listed": "1"}, HTTP_ACCEPT_LANGUAGE="id", follow=True)
    assert response.redirect_chain[0][0] == "/en/my-courses/"
    assert "You are listed among the course&#x27;s alumni." in response.content.decode()
