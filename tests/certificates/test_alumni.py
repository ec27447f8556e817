"""The public alumni list of a course: only opted-in, not revoked certificates; grouped by the course dates printed, name and verification link."""

import datetime
from datetime import UTC

from django.urls import reverse

from wagtail.models import Locale

from courses.certificates.issuing import issue_certificate, revoke
from courses.certificates.models import Certificate, CourseCertificateSettings
from tests.certificates.conftest import completed


def listed(course, username, name, opt_in=True):
    certificate, _created = issue_certificate(completed(course, username, full_name=name), course)
    Certificate.objects.filter(pk=certificate.pk).update(listed_as_alumnus=opt_in)
    return certificate


def test_alumni_list_shows_only_opted_in_and_valid(client, course):
    dewi = listed(course, "dewi", "Dewi Anggraini")
    listed(course, "rudi", "Rudi Hartono", opt_in=False)
    revoked = listed(course, "sari", "Sari Wulandari")
    revoke(revoked, "Salah orang", None)
    response = client.get(f"{course.url}alumni/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dewi Anggraini" in page and dewi.verification_path in page
    assert "Rudi Hartono" not in page and "Sari Wulandari" not in page
    # Nothing else about the holder: no e-mail, no number, no score, no organisation.
    assert dewi.holder.email not in page and dewi.number not in page
    assert "Bagian Hukum Setda" not in page


def test_alumni_are_grouped_by_the_course_they_took_not_the_year_of_issue(client, course):
    """A 2021 course completed late is a 2021 course on the list, whatever year the certificate was issued."""
    on_time, _created = issue_certificate(
        completed(course, "dewi", full_name="Dewi Anggraini"),
        course,
        issued_at=datetime.datetime(2021, 9, 10, tzinfo=UTC),
    )
    late, _created = issue_certificate(
        completed(course, "rudi", full_name="Rudi Hartono"), course, issued_at=datetime.datetime(2026, 3, 2, tzinfo=UTC)
    )
    Certificate.objects.update(listed_as_alumnus=True)
    assert (on_time.year, late.year) == (2021, 2026)

    response = client.get(f"{course.url}alumni/")
    [group] = response.context["groups"]
    assert (group["start"], group["end"]) == (course.start_date, course.end_date)
    assert [certificate.holder_name for certificate in group["certificates"]] == ["Dewi Anggraini", "Rudi Hartono"]
    html = response.content.decode()
    assert html.count('<h2 id="alumni-') == 1 and "16 Agustus 2021 – 7 September 2021" in html


def test_a_course_moved_after_issue_shows_each_set_of_dates_newest_first(client, course):
    listed(course, "dewi", "Dewi Anggraini")
    Certificate.objects.update(course_start_date=datetime.date(2020, 8, 17), course_end_date=datetime.date(2020, 9, 8))
    listed(course, "rudi", "Rudi Hartono")
    groups = client.get(f"{course.url}alumni/").context["groups"]
    assert [(group["start"].year, [c.holder_name for c in group["certificates"]]) for group in groups] == [
        (2021, ["Rudi Hartono"]),
        (2020, ["Dewi Anggraini"]),
    ]


def test_course_page_links_the_alumni_list(client, course):
    page = client.get(course.url).content.decode()
    assert f'href="{course.url}alumni/"' in page


def test_course_without_certificates_has_no_alumni_list(client, course):
    CourseCertificateSettings.objects.filter(course_key=course.course_key).update(issue_certificates=False)
    assert client.get(f"{course.url}alumni/").status_code == 404


def test_alumni_list_queries_do_not_grow_with_alumni(client, course):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    listed(course, "dewi", "Dewi Anggraini")
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{course.url}alumni/").status_code == 200
    for number in range(5):
        listed(course, f"alumni{number}", f"Alumnus Nomor {number}")
    with CaptureQueriesContext(connection) as six:
        page = client.get(f"{course.url}alumni/").content.decode()
    assert "Alumnus Nomor 4" in page
    assert len(six.captured_queries) <= len(one.captured_queries)


def test_alumni_list_in_english(client, course):
    listed(course, "dewi", "Dewi Anggraini")
    english = course.get_translations().filter(locale__language_code="en").first()
    if english is None:
        english = course.copy_for_translation(Locale.objects.get(language_code="en"))
        english.save_revision().publish()
    page = client.get(f"{english.url}alumni/").content.decode()
    assert "Dewi Anggraini" in page and "Alumni of" in page


def test_opting_in_shows_on_the_cached_alumni_page(client, course, settings, django_capture_on_commit_callbacks):
    from django.test import Client

    settings.PAGE_CACHE_ENABLED = True
    certificate, _created = issue_certificate(completed(course, "dewi", full_name="Dewi Anggraini"), course)
    anonymous = Client()
    url = f"{course.url}alumni/"
    assert "Dewi Anggraini" not in anonymous.get(url).content.decode()
    assert anonymous.get(url)["X-Page-Cache"] == "hit"  # the list is cached for anonymous readers
    client.force_login(certificate.holder)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificate_alumni_opt_in", args=[certificate.pk]), {"listed": "1"})
    assert "Dewi Anggraini" in anonymous.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificate_alumni_opt_in", args=[certificate.pk]), {"listed": "0"})
    assert "Dewi Anggraini" not in anonymous.get(url).content.decode()


def test_revoking_an_alumnus_purges_the_alumni_lists(course, monkeypatch, django_capture_on_commit_callbacks):
    purged = []
    monkeypatch.setattr("home.page_cache.purge_frontend_caches", lambda urls: purged.append(set(urls)))
    certificate = listed(course, "dewi", "Dewi Anggraini")
    certificate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        revoke(certificate, "Salah orang", None)
    assert any(url.endswith(f"{course.url}alumni/") for urls in purged for url in urls)


def test_a_private_courses_alumni_list_is_not_public(client, course):
    from wagtail.models import PageViewRestriction

    listed(course, "dewi", "Dewi Anggraini")
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(f"{course.url}alumni/")
    assert response.status_code == 302  # to the login page
    assert course.title not in response.content.decode()
    assert "Dewi Anggraini" not in response.content.decode()
