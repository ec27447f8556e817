"""Who may download a certificate's PDF: the holder and the course's certificate staff, nobody else."""

import io

import pypdf

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.certificates.choices import CertificateAction, TemplateLanguage
from courses.certificates.issuing import issue_certificate, reissue, revoke
from courses.certificates.models import CertificateEvent, CertificateTemplate
from tests.certificates.conftest import completed
from tests.factories import enrol_participant


def download(client, certificate):
    return client.get(reverse("certificate_pdf", args=[certificate.pk]))


def test_the_url_is_the_same_in_every_language(course):
    assert reverse("certificate_pdf", args=[7]) == "/certificates/7/pdf/"


def test_holder_downloads_their_certificate(client, course):
    enrolment = completed(course, "dewi", full_name="Dewi Anggraini")
    certificate, _created = issue_certificate(enrolment, course)
    client.force_login(enrolment.user)
    response = download(client, certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert certificate.number.startswith("001/PKH-SMG/")
    expected_name = "sertifikat-" + certificate.number.replace("/", "-") + ".pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{expected_name}"'
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "X-Page-Cache" not in response
    # A holder's own download is not a staff action and leaves no trace in the history.
    assert not CertificateEvent.objects.filter(action=CertificateAction.DOWNLOADED).exists()


def test_the_pdf_is_stored_once_and_served_from_storage(client, course):
    enrolment = completed(course, "dewi")
    certificate, _created = issue_certificate(enrolment, course)
    client.force_login(enrolment.user)
    first = download(client, certificate).content
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(f"-{certificate.verification_code}.pdf")
    assert certificate.pdf.read() == first
    assert download(client, certificate).content == first


def test_others_get_not_found(client, course, other_facilitator):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    other_participant = enrol_participant(course, "rudi").user
    for user in (other_participant, other_facilitator):
        client.force_login(user)
        assert download(client, certificate).status_code == 404
    client.force_login(other_participant)
    assert client.get(reverse("certificate_pdf", args=[certificate.pk + 1000])).status_code == 404


def test_anonymous_visitors_are_sent_to_login_whatever_the_id(client, course):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    for pk in (certificate.pk, certificate.pk + 1000):
        response = client.get(reverse("certificate_pdf", args=[pk]))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_course_staff_download_is_recorded(client, course, facilitator, editor):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    for user in (facilitator, editor):
        client.force_login(user)
        response = download(client, certificate)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    events = CertificateEvent.objects.filter(certificate=certificate, action=CertificateAction.DOWNLOADED)
    assert sorted(event.actor.username for event in events) == sorted([facilitator.username, editor.username])


def test_revoked_certificate_is_refused_to_its_holder_but_not_to_staff(client, course, facilitator):
    enrolment = completed(course, "dewi")
    certificate, _created = issue_certificate(enrolment, course)
    revoke(certificate, "Data peserta keliru", facilitator)
    client.force_login(enrolment.user)
    response = download(client, certificate)
    assert response.status_code == 410
    assert "Data peserta keliru" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    client.force_login(facilitator)
    assert download(client, certificate).status_code == 200


def test_reissued_certificate_keeps_the_old_pdf_and_gets_its_own(client, course, facilitator):
    enrolment = completed(course, "dewi", full_name="Dewi Angraini")
    certificate, _created = issue_certificate(enrolment, course)
    client.force_login(enrolment.user)
    old_pdf = download(client, certificate).content
    certificate.refresh_from_db()
    old_name = certificate.pdf.name
    enrolment.user.participant_profile.full_name = "Dewi Anggraini"
    enrolment.user.participant_profile.save()
    replacement = reissue(certificate, facilitator, "Nama salah eja")
    response = download(client, certificate)
    assert response.status_code == 410
    assert reverse("certificate_pdf", args=[replacement.pk]) in response.content.decode()
    new_pdf = download(client, replacement).content
    replacement.refresh_from_db()
    certificate.refresh_from_db()
    assert replacement.pdf.name != old_name and certificate.pdf.name == old_name
    assert certificate.pdf.read() == old_pdf and new_pdf != old_pdf


def test_staff_pages_link_to_the_pdf(client, course, facilitator):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    client.force_login(facilitator)
    url = reverse("certificate_pdf", args=[certificate.pk])
    assert url in client.get(reverse("certificates:inspect", args=[certificate.pk])).content.decode()
    assert url in client.get(reverse("courses_admin_certificates", args=[course.pk])).content.decode()


def test_editor_creates_a_default_template_with_signatories_and_previews_it(client, editor):
    old = CertificateTemplate.objects.create(name="Lama", body_id="{name}", is_default=True)
    client.force_login(editor)
    data = nested_form_data(
        {
            "name": "PKH 2021",
            "is_default": "on",
            "layout": "classic",
            "language": TemplateLanguage.BILINGUAL,
            "title_id": "SERTIFIKAT",
            "title_en": "CERTIFICATE",
            "body_id": "Diberikan kepada\n{name}\nsebagai peserta {course}.",
            "body_en": "Awarded to\n{name}\nfor taking part in {course}.",
            "logos": inline_formset([]),
            "signatories": inline_formset(
                [{"name": "Anis Hidayah", "position_id": "Ketua Komnas HAM", "position_en": "Chair, Komnas HAM"}]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_certificates_certificatetemplate:add"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    template = CertificateTemplate.objects.get(name="PKH 2021")
    old.refresh_from_db()
    assert template.is_default and not old.is_default
    assert list(template.signatories.values_list("name", flat=True)) == ["Anis Hidayah"]
    listing = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:list")).content.decode()
    preview_url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_pdf", args=[template.pk])
    assert preview_url in listing
    preview = client.get(preview_url)
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"].startswith("inline")
    assert "Anis Hidayah" in pypdf.PdfReader(io.BytesIO(preview.content)).pages[0].extract_text()


def test_facilitators_do_not_manage_templates(client, facilitator):
    template = CertificateTemplate.objects.create(name="PKH", body_id="{name}")
    client.force_login(facilitator)
    assert client.get(reverse("wagtailsnippets_certificates_certificatetemplate:list")).status_code in (302, 403)
    preview_url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_pdf", args=[template.pk])
    assert client.get(preview_url).status_code == 403


def test_template_edit_form_shows_the_panels(client, editor):
    template = CertificateTemplate.objects.create(name="PKH", body_id="{name}")
    client.force_login(editor)
    page = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="signatories-TOTAL_FORMS"' in html and 'name="logos-TOTAL_FORMS"' in html
    assert 'name="body_en"' in html
