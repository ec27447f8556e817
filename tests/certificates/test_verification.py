"""Public verification: /v/, /v/<code>/, its JSON, the number-and-name search, and the rate limit."""

import datetime
import unicodedata
from decimal import Decimal

import pytest

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from courses.certificates.issuing import issue_certificate, reissue, revoke
from courses.certificates.models import Certificate
from courses.certificates.verification.lookups import normalized_name
from tests.certificates.conftest import completed
from tests.factories import UserFactory

ISSUED_AT = datetime.datetime(2021, 8, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def certificate(course):
    enrolment = completed(course, "dewi", full_name="Dewi Anggraini, S.H.")
    enrolment.user.email = "dewi.pribadi@example.org"
    enrolment.user.save()
    certificate, _created = issue_certificate(enrolment, course, issued_at=ISSUED_AT)
    return certificate


def page(client, url, **headers):
    return client.get(url, headers={"accept-language": "id", **headers})


def test_valid_certificate_page_shows_the_printed_facts_in_indonesian(client, certificate):
    response = page(client, certificate.verification_path)
    assert response.status_code == 200
    html = response.content.decode()
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in html
    assert "Dewi Anggraini, S.H." in html
    assert "Pelatihan Kabupaten/Kota HAM" in html
    assert "001/PKH-SMG/VIII/2021" in html
    assert "10 Agustus 2021" in html  # issue date, in the page's language
    assert "30 JP" in html
    assert "verify-valid" in html
    assert "Komisi Nasional Hak Asasi Manusia" in html  # the issuer, from site settings
    assert '<meta name="robots" content="noindex">' in html


def test_the_page_speaks_english_when_asked(client, certificate):
    response = page(client, certificate.verification_path, **{"accept-language": "en"})
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Certificate verification" in html and "Valid" in html and "10 August 2021" in html
    # the language link leads to the other language explicitly
    assert f'href="{certificate.verification_path}?lang=id"' in html
    chosen = page(client, f"{certificate.verification_path}?lang=id", **{"accept-language": "en"})
    assert chosen["Content-Language"] == "id" and "10 Agustus 2021" in chosen.content.decode()


def test_nothing_else_personal_is_shown(client, certificate):
    html = page(client, certificate.verification_path).content.decode()
    data = client.get(reverse("certificate_verification_json", args=[certificate.verification_code])).json()
    for text in (html, str(data)):
        assert "dewi.pribadi@example.org" not in text
        assert "Semarang Setda" not in text and "Bagian Hukum" not in text
    assert data["final_score"] is None


def test_score_only_when_the_course_prints_it(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(final_score=Decimal("87.50"))
    assert "87,50" in page(client, certificate.verification_path).content.decode()  # Indonesian decimals
    data = client.get(f"/v/{certificate.verification_code}.json").json()
    assert data["final_score"] == "87.50"


def test_revoked_certificate_says_so_with_date_and_reason(client, certificate, staff_user_editor):
    revoke(certificate, "Peserta tidak memenuhi syarat kehadiran", staff_user_editor)
    html = page(client, certificate.verification_path).content.decode()
    assert "verify-revoked" in html and "verify-valid" not in html
    assert "Peserta tidak memenuhi syarat kehadiran" in html
    assert timezone.localdate().strftime("%Y") in html
    data = client.get(f"/v/{certificate.verification_code}.json").json()
    assert data["status"] == "revoked" and data["valid"] is False
    assert data["revocation_reason"] == "Peserta tidak memenuhi syarat kehadiran"
    assert data["revoked_on"] == timezone.localdate().isoformat()
    assert data["replaced_by"] is None


def test_reissued_certificate_links_to_its_replacement(client, certificate, staff_user_editor):
    replacement = reissue(certificate, staff_user_editor, "Nama salah eja")
    html = page(client, certificate.verification_path).content.decode()
    assert "Nama salah eja" in html
    assert f'href="{replacement.verification_path}"' in html
    data = client.get(f"/v/{certificate.verification_code}.json").json()
    assert data["replaced_by"]["number"] == replacement.number
    assert data["replaced_by"]["verification_url"] == replacement.verification_url
    assert client.get(f"/v/{replacement.verification_code}.json").json()["status"] == "valid"


def test_expired_certificate(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=datetime.date(2022, 9, 10))
    html = page(client, certificate.verification_path).content.decode()
    assert "verify-expired" in html and "10 September 2022" in html
    data = client.get(f"/v/{certificate.verification_code}.json").json()
    assert data["status"] == "expired" and data["expires_on"] == "2022-09-10" and data["valid"] is False


def test_json_keys_are_stable_and_public(client, certificate):
    response = client.get(reverse("certificate_verification_json", args=[certificate.verification_code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*" and response["X-Robots-Tag"] == "noindex"
    data = response.json()
    assert set(data) == {
        "verification_code",
        "verification_url",
        "status",
        "valid",
        "holder_name",
        "course_title",
        "course_start_date",
        "course_end_date",
        "learning_hours",
        "number",
        "issued_on",
        "expires_on",
        "final_score",
        "revoked_on",
        "revocation_reason",
        "replaced_by",
        "issuer",
        "suspended",
    }
    assert data["status"] == "valid" and data["valid"] is True and data["suspended"] is False
    assert data["holder_name"] == "Dewi Anggraini, S.H."
    assert data["course_title"]["id"] == "Pelatihan Kabupaten/Kota HAM"
    assert data["number"] == "001/PKH-SMG/VIII/2021" and data["issued_on"] == "2021-08-10"
    assert data["learning_hours"] == 30
    assert data["issuer"]["name"] == "Komisi Nasional Hak Asasi Manusia"
    assert data["verification_url"].endswith(certificate.verification_path)


@pytest.mark.django_db
def test_unknown_code_is_a_clear_not_found_page_with_the_form(client, site_tree):
    response = page(client, "/v/tidak-ada-kode-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="id">' in html and "verify-revoked" in html  # the not-found notice
    assert 'name="code"' in html and 'value="tidak-ada-kode-ini"' in html
    json_response = client.get("/v/tidak-ada-kode-ini.json")
    assert json_response.status_code == 404 and json_response.json()["status"] == "not_found"


def test_code_typed_into_the_form_leads_to_the_page(client, certificate):
    response = page(client, f"/v/?code={certificate.verification_code}")
    assert response.status_code == 302 and response["Location"] == certificate.verification_path


def test_number_and_name_find_the_certificate_whatever_the_case_and_spaces(client, certificate):
    response = client.get("/v/", {"number": " 001/PKH-SMG/VIII/2021 ", "name": "  dewi   ANGGRAINI, s.h. "})
    assert response.status_code == 302 and response["Location"] == certificate.verification_path


def test_number_and_name_ignore_accents_punctuation_and_titles(client, course):
    enrolment = completed(course, "nguyen", full_name="Dr. Nguyễn Thị Đào, S.H., M.Si.")
    certificate, _created = issue_certificate(enrolment, course, issued_at=ISSUED_AT)
    for typed in ("Nguyen Thi Dao", "nguyễn thị đào", "NGUYEN-THI-DAO", "Nguyen Thi Dao, SH", "Prof Nguyen Thi Dao"):
        response = client.get("/v/", {"number": certificate.number, "name": typed})
        assert response.status_code == 302 and response["Location"] == certificate.verification_path, typed
    assert client.get("/v/", {"number": certificate.number, "name": "Nguyen Thi"}).status_code == 404


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("Nguyễn, S.H., M.Si.", "Nguyen"),
        ("Dr. Siti Aminah, S.Pd.", "siti aminah"),
        ("Prof. Dr. Ir. Budi Santoso, SH, MSi", "Budi Santoso"),
        ("Drs. I Gusti Ayu Putu, M.Pd.I., Ph.D.", "I Gusti Ayu Putu"),
        ("Yohanes O'Brien, S.Kom.", "Yohanes OBrien"),
        ("Siti-Aminah", "Siti Aminah"),
        ("Đặng Văn Lâm", "DANG VAN LAM"),
        ("Maria Ṣalāḥ", "Maria Salah"),
        ("Nguyễn", unicodedata.normalize("NFD", "Nguyễn")),
    ],
)
def test_names_match_without_accents_case_punctuation_or_titles(printed, typed):
    assert normalized_name(printed) == normalized_name(typed)


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("Ma Se", "Se"),  # "Ma" and "Se" are names here, not M.A. and S.E.: no dot, no comma
        ("H. Ahmad Fauzi", "Ahmad Fauzi"),  # H. (Haji) is not an academic title, and may be an initial
        ("Dewi Anggraini", "Dewi Anggraeni"),
        ("Budi Santoso", ""),
    ],
)
def test_names_that_differ_still_differ(printed, typed):
    assert normalized_name(printed) != normalized_name(typed)


def test_wrong_name_finds_nothing_and_reveals_nothing(client, certificate):
    response = client.get("/v/", {"number": "001/PKH-SMG/VIII/2021", "name": "Budi Santoso"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Dewi" not in html and certificate.verification_code not in html


def test_a_number_alone_never_reveals_a_name(client, certificate):
    response = client.get("/v/", {"number": "001/PKH-SMG/VIII/2021"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dewi" not in html and certificate.verification_code not in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_the_form_page_sets_no_cookie_so_it_can_be_cached(client, site_tree):
    response = page(client, "/v/")
    assert response.status_code == 200 and not response.cookies
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    assert 'method="get"' in html and 'name="number"' in html and 'name="name"' in html


def test_footer_links_to_the_verification_page(client, site_tree):
    assert '<a href="/v/">' in client.get("/id/").content.decode()  # "Verifikasi sertifikat" once translated
    html = client.get("/en/").content.decode()
    assert '<a href="/v/">Verify a certificate</a>' in html


@override_settings(CERTIFICATE_VERIFICATION_RATE_LIMIT={"per_address": 3, "window": 60})
def test_lookups_are_rate_limited_per_client(client, certificate):
    for _ in range(3):
        assert client.get(certificate.verification_path, REMOTE_ADDR="10.1.1.1").status_code == 200
    refused = client.get("/v/nope/", REMOTE_ADDR="10.1.1.1", headers={"accept-language": "en"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]
    assert "Too many certificate lookups" in refused.content.decode()
    refused_json = client.get(f"/v/{certificate.verification_code}.json", REMOTE_ADDR="10.1.1.1")
    assert refused_json.status_code == 429 and refused_json.json()["status"] == "rate_limited"
    assert refused_json["Retry-After"]
    # in Indonesian too
    refused_id = client.get("/v/", {"code": "x"}, REMOTE_ADDR="10.1.1.1", headers={"accept-language": "id"})
    assert refused_id.status_code == 429 and '<html lang="id">' in refused_id.content.decode()
    # another client is not affected, and the bare form is not a lookup
    assert client.get(certificate.verification_path, REMOTE_ADDR="10.1.1.2").status_code == 200
    assert client.get("/v/", REMOTE_ADDR="10.1.1.1").status_code == 200


@override_settings(CERTIFICATE_VERIFICATION_RATE_LIMIT={"per_address": 2, "window": 60}, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_rate_limit_counts_the_client_behind_the_proxy(client, certificate):
    for _ in range(2):
        client.get(certificate.verification_path, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    limited = client.get(certificate.verification_path, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.get(certificate.verification_path, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert limited.status_code == 429 and other.status_code == 200


@override_settings(PAGE_CACHE_ENABLED=True, CERTIFICATE_VERIFICATION_RATE_LIMIT={"per_address": 2, "window": 60})
def test_cached_answers_are_served_but_guesses_still_count(client, certificate, staff_user_editor):
    first = page(client, certificate.verification_path)
    assert first["X-Page-Cache"] == "miss"
    assert page(client, certificate.verification_path)["X-Page-Cache"] == "hit"  # not a lookup
    assert page(client, "/v/guess-one/").status_code == 404
    assert page(client, "/v/guess-two/").status_code == 429
    assert page(client, certificate.verification_path).status_code == 200  # still served from the cache
    # a revocation invalidates the cached answer (the next reader gets the revoked page)
    with override_settings(CERTIFICATE_VERIFICATION_RATE_LIMIT={"per_address": 100, "window": 60}):
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            revoke(certificate, "Dokumen palsu", staff_user_editor)
        assert "Dokumen palsu" in page(client, certificate.verification_path).content.decode()


@pytest.fixture
def staff_user_editor(db):
    return UserFactory(username="editor.sertifikat", is_superuser=True, is_staff=True)


def test_the_answer_costs_three_queries(client, certificate, django_assert_max_num_queries):
    client.get(certificate.verification_path)  # the site's root page and menu are cached after this
    for url in (certificate.verification_path, f"/v/{certificate.verification_code}.json"):
        # the certificate (with its replacement), the site, its settings
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200


@override_settings(CERTIFICATE_VERIFICATION_RATE_LIMIT={"per_address": 2, "window": 60})
def test_a_search_by_code_counts_once(client, certificate):
    for _ in range(2):
        response = client.get("/v/", {"code": certificate.verification_code}, follow=True)
        assert response.status_code == 200 and response.redirect_chain
    assert client.get("/v/", {"code": certificate.verification_code}).status_code == 429
    cache.clear()  # a new minute
    assert [client.get("/v/", {"code": f"tebakan{n}"}).status_code for n in range(3)] == [404, 404, 429]
