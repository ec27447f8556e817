"""The certificate PDF: what a reader and a phone's camera get out of it."""

import base64
import datetime
import io
import unicodedata
from decimal import Decimal

import pypdf
import pypdfium2
import pytest
import zxingcpp

from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from courses.certificates.choices import CertificateLayout, TemplateLanguage
from courses.certificates.issuing import issue_certificate
from courses.certificates.models import (
    CertificateTemplate,
    CertificateTemplateLogo,
    CertificateTemplateSignatory,
    new_verification_code,
)
from courses.certificates.pdf.images import image_model
from courses.certificates.pdf.layout import BODY_WIDTH, DESIGNS, SERIF_BOLD, fill, values_for
from courses.certificates.pdf.render import qr_matrix, qr_payload, render_pdf
from courses.certificates.pdf.templates import sample_certificate, template_for
from tests.certificates.conftest import certificate_settings, completed
from tests.factories import UserFactory

BODY_ID = "Diberikan kepada\n{name}\nsebagai peserta {course} pada {start} sampai {end} ({hours} JP)."
BODY_EN = "Awarded to\n{name}\nfor taking part in {course} from {start} to {end} ({hours} JP)."


def make_template(name="PKH", **fields):
    values = {"name": name, "body_id": BODY_ID, "body_en": BODY_EN}
    values.update(fields)
    return CertificateTemplate.objects.create(**values)


def make_image(field_name, width, height, model=None):
    """An image of the model the template's field points to, so this holds whichever model that is."""
    return image_model(field_name, model).objects.create(
        title=field_name, file=get_test_image_file(f"{field_name}.png", size=(width, height))
    )


def pdf_text(content):
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return unicodedata.normalize("NFC", reader.pages[0].extract_text())


def text_sizes(content):
    """(text, font size) of every text run on the page."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((unicodedata.normalize("NFC", text.strip()), font_size * abs(tm[0] or 1)))

    pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text(visitor_text=visit)
    return runs


def size_of(content, text):
    sizes = [size for run, size in text_sizes(content) if text in run]
    assert sizes, f"{text!r} not printed"
    return max(sizes)


def decoded_qr(content):
    document = pypdfium2.PdfDocument(content)
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture
def template(db):
    template = make_template(is_default=True)
    CertificateTemplateSignatory.objects.create(
        template=template,
        name="Dr. Sandrayati Moniaga",
        position_id="Komisioner Komnas HAM",
        position_en="Commissioner, Komnas HAM",
        sort_order=0,
    )
    return template


@pytest.mark.parametrize(
    "name",
    [
        "Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat",
        "Nguyễn Thị Ṣalāḥ",
        "Tjokorda Istri Agung Ayu D'Souza",
    ],
)
def test_pdf_prints_the_holder_name_and_number(course, template, name):
    certificate, _created = issue_certificate(completed(course, "dewi", full_name=name), course)
    text = pdf_text(render_pdf(certificate))
    assert name in text
    assert certificate.number in text
    assert certificate.verification_url in text  # printed in clear under the QR code


def test_decomposed_accents_print_as_the_same_letters(course, template):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Ṣalāḥ")
    certificate, _created = issue_certificate(completed(course, "dewi", full_name=decomposed), course)
    assert "Nguyễn Ṣalāḥ" in pdf_text(render_pdf(certificate))


def test_qr_code_decodes_to_the_verification_url(course, template):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    assert qr_payload(certificate) == certificate.verification_url
    assert decoded_qr(render_pdf(certificate)) == [certificate.verification_url]


def test_bilingual_template_prints_indonesian_with_english_beneath(course, template):
    course.start_date, course.end_date = (
        course.start_date.replace(month=8, day=16),
        course.end_date.replace(month=9, day=3),
    )
    course.save()
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    text = pdf_text(render_pdf(certificate))
    year = certificate.course_start_date.year
    assert f"16 Agustus {year}" in text and f"16 August {year}" in text
    assert text.index("Diberikan kepada") < text.index("Awarded to") < text.index("for taking part")
    assert "Komisioner Komnas HAM" in text and "Commissioner, Komnas HAM" in text
    assert "30 JP" in text


def test_holder_language_template_prints_the_holders_language(course, template):
    template.language = TemplateLanguage.HOLDER
    template.save()
    indonesian, _created = issue_certificate(completed(course, "dewi"), course)
    text = pdf_text(render_pdf(indonesian))
    assert "Diberikan kepada" in text and "Awarded to" not in text
    english_reader = completed(course, "john")
    profile = UserProfile.get_for_user(english_reader.user)
    profile.preferred_language = "en"
    profile.save()
    english, _created = issue_certificate(english_reader, course)
    text = pdf_text(render_pdf(english))
    assert "Awarded to" in text and "Diberikan kepada" not in text
    assert english.course_title_en in text


def test_signatories_are_frozen_at_issue(course, template):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    assert certificate.template == template
    assert [signatory["name"] for signatory in certificate.signatories] == ["Dr. Sandrayati Moniaga"]
    template.signatories.update(name="Atnike Nova Sigiro")
    certificate.refresh_from_db()
    text = pdf_text(render_pdf(certificate))
    assert "Dr. Sandrayati Moniaga" in text and "Atnike Nova Sigiro" not in text


def test_long_name_and_course_shrink_on_one_page(course, template):
    short, _created = issue_certificate(completed(course, "dewi", full_name="Dewi Anggraini"), course)
    long_name = "Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat Putri Anak Agung Gede Ngurah Rai Wirananda Dharmawangsa"
    long, _created = issue_certificate(completed(course, "ayu", full_name=long_name), course)
    short_pdf, long_pdf = render_pdf(short), render_pdf(long)
    assert size_of(long_pdf, long_name) < size_of(short_pdf, "Dewi Anggraini")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert stringWidth(long_name, SERIF_BOLD, size_of(long_pdf, long_name)) <= BODY_WIDTH + 0.5
    assert long_name in pdf_text(long_pdf)  # still on the page, on one line

    long.course_title_id = " ".join(["Pelatihan Penguatan Kapasitas Aparatur Kabupaten/Kota Peduli HAM"] * 12)
    shrunk_body = render_pdf(long)
    assert size_of(shrunk_body, "sebagai peserta") < size_of(short_pdf, "sebagai peserta")
    assert "Komisioner Komnas HAM" in pdf_text(shrunk_body)  # one page: pdf_text checks


def test_template_with_background_logos_and_signature_renders(course, template):
    template.background = make_image("background", 297, 210, CertificateTemplate)
    template.save()
    logo = make_image("image", 120, 120, CertificateTemplateLogo)
    CertificateTemplateLogo.objects.create(template=template, image=logo, name="Komnas HAM", sort_order=0)
    template.signatories.update(signature=make_image("signature", 300, 100))
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    content = render_pdf(certificate)
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    assert len(page.images) == 3  # background, logo, signature
    assert decoded_qr(content) == [certificate.verification_url]


def test_course_template_before_the_default(course, template):
    settings = certificate_settings(course)
    assert template_for(settings) == template
    own = make_template("Semarang")
    settings.template = own
    settings.save()
    assert template_for(settings) == own
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    assert certificate.template == own and certificate.signatories == []


def test_without_any_template_a_plain_certificate_is_printed(course):
    certificate, _created = issue_certificate(completed(course, "dewi", full_name="Dewi Anggraini"), course)
    assert certificate.template is None
    text = pdf_text(render_pdf(certificate))
    assert "SERTIFIKAT" in text and "Dewi Anggraini" in text and certificate.number in text


def test_saving_a_default_template_clears_the_others(template):
    other = make_template("Baru", is_default=True)
    template.refresh_from_db()
    assert not template.is_default and other.is_default
    assert CertificateTemplate.objects.filter(is_default=True).count() == 1


def test_sample_certificate_previews_a_template(template):
    text = pdf_text(render_pdf(sample_certificate(template), template))
    assert "Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat" in text and "Dr. Sandrayati Moniaga" in text


def test_qr_codes_of_many_verification_codes_decode():
    """The mask pattern is fixed (courses.certificates.pdf.render.qr_matrix): codes for any URL still decode."""
    from PIL import Image

    for _ in range(40):
        url = f"https://latuharhary.example/v/{new_verification_code()}/"
        matrix = qr_matrix(url)
        size = len(matrix)
        image = Image.new("L", (size + 8, size + 8), 255)  # with a 4-module quiet zone
        for row_index, row in enumerate(matrix):
            for column, dark in enumerate(row):
                if dark:
                    image.putpixel((column + 4, row_index + 4), 0)
        image = image.resize(((size + 8) * 6, (size + 8) * 6), Image.NEAREST)
        assert [result.text for result in zxingcpp.read_barcodes(image)] == [url]


def test_placeholders_are_filled_in_the_language_printed():
    certificate = sample_certificate(None)
    certificate.final_score = Decimal("87.5")
    indonesian, english = values_for(certificate, "id"), values_for(certificate, "en")
    assert (indonesian["start"], indonesian["score"], indonesian["hours"]) == ("16 Agustus 2021", "87,50", "30")
    assert (english["start"], english["score"]) == ("16 August 2021", "87.50")
    line = "Nilai {score} untuk {name} & kawan <b>{unknown}</b>"
    assert fill(line, indonesian) == (
        "Nilai 87,50 untuk <b>Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat</b> &amp; kawan &lt;b&gt;{unknown}&lt;/b&gt;"
    )


@pytest.fixture
def printed_template(template):
    """The template an institution would print: logos, seal, signatures and the place of issue."""
    template.issue_place = "Semarang"
    template.seal_text = "Komnas HAM · Republik Indonesia"
    template.save()
    for order, name in enumerate(["Komnas HAM", "Pemerintah Kota Semarang"]):
        logo = make_image("image", 120, 120, CertificateTemplateLogo)
        CertificateTemplateLogo.objects.create(template=template, image=logo, name=name, sort_order=order)
    template.signatories.update(signature=make_image("signature", 300, 100))
    CertificateTemplateSignatory.objects.create(
        template=template,
        name="Ir. Bambang Setyo Nugroho, M.Si.",
        position_id="Sekretaris Daerah Kota Semarang",
        position_en="Regional Secretary, City of Semarang",
        signature=make_image("signature", 300, 100),
        sort_order=1,
    )
    return template


@pytest.mark.parametrize("layout", CertificateLayout.values)
def test_every_layout_prints_everything_an_institution_signs(course, printed_template, layout):
    printed_template.layout = layout
    printed_template.save()
    certificate, _created = issue_certificate(completed(course, "dewi", full_name="Dewi Anggraini"), course)
    content = render_pdf(certificate)
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    design = DESIGNS[layout]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((design.width, design.height))
    assert len(page.images) == 4  # two logos, two signatures
    text = pdf_text(content)
    issued = certificate.issued_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))).date()
    for printed in [
        "SERTIFIKAT",
        "CERTIFICATE",
        "Dewi Anggraini",
        certificate.number,
        f"Ditetapkan di Semarang, {issued.day}",
        f"Issued in Semarang, {issued.day}",
        "Dr. Sandrayati Moniaga",
        "Komisioner Komnas HAM",
        "Commissioner, Komnas HAM",
        "Ir. Bambang Setyo Nugroho, M.Si.",
        "Regional Secretary, City of Semarang",
        "Pindai untuk memverifikasi",
        "Scan to verify",
        certificate.verification_url,
    ]:
        assert printed in text, f"{printed!r} missing from the {layout} layout"
    assert "KOMNASHAM·REPUBLIKINDONESIA" in "".join(text.split())  # set letter by letter round the seal
    assert decoded_qr(content) == [certificate.verification_url]


@pytest.mark.parametrize("layout", CertificateLayout.values)
def test_english_is_printed_in_italics_beneath(course, printed_template, layout):
    printed_template.layout = layout
    printed_template.save()
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(certificate)))
    fonts = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any(font.endswith("Italic") for font in fonts), fonts
    text = pdf_text(render_pdf(certificate))
    assert text.index("Diberikan kepada") < text.index("Awarded to")
    assert size_of(render_pdf(certificate), "Awarded to") < size_of(render_pdf(certificate), "Diberikan kepada")


@pytest.mark.parametrize("layout", CertificateLayout.values)
def test_long_names_shrink_to_the_layouts_column(course, printed_template, layout):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    printed_template.layout = layout
    printed_template.save()
    long_name = "Muhammad Rizky Pratama Putra Wijaya Kusuma Ningrat Hadiningrat Soerjosoemarno Tjokroadisoerjo"
    certificate, _created = issue_certificate(completed(course, "ayu", full_name=long_name), course)
    content = render_pdf(certificate)
    size = size_of(content, long_name)
    assert stringWidth(long_name, SERIF_BOLD, size) <= DESIGNS[layout].column_width + 0.5
    assert long_name in pdf_text(content)


def test_a_template_without_seal_text_prints_no_seal(course, template):
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    assert "●" not in pdf_text(render_pdf(certificate))  # the seal's text ends with one


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin.templat", is_superuser=True, is_staff=True)


def template_form(template, **changes):
    data = {
        "name": template.name,
        "layout": template.layout,
        "language": template.language,
        "title_id": template.title_id,
        "title_en": template.title_en,
        "body_id": template.body_id,
        "body_en": template.body_en,
        "issue_place": template.issue_place,
        "seal_text": template.seal_text,
        "logos": inline_formset([]),
        "signatories": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def test_the_preview_panel_shows_the_unsaved_layout(client, administrator, template):
    client.force_login(administrator)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk])
    form = template_form(template, layout=CertificateLayout.PORTRAIT, issue_place="Kupang")
    assert client.post(url, form).json() == {"is_valid": True, "is_available": True}
    response = client.get(url, {"in_preview_panel": "true"})
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    html = response.content.decode()
    assert str(CertificateLayout.PORTRAIT.label) in html  # in the admin's language
    encoded = html.split('src="data:image/png;base64,', 1)[1].split('"', 1)[0]
    from PIL import Image

    picture = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert picture.height > picture.width  # upright, as chosen in the form
    template.refresh_from_db()
    assert template.layout == CertificateLayout.CLASSIC and template.issue_place == ""  # nothing saved


def test_the_preview_panel_on_a_new_template(client, administrator):
    client.force_login(administrator)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_add")
    draft = CertificateTemplate(name="Baru", body_id=BODY_ID, body_en=BODY_EN, layout=CertificateLayout.MODERN)
    assert client.post(url, template_form(draft)).json()["is_valid"] is True
    response = client.get(url)
    assert response.status_code == 200 and "data:image/png;base64," in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_the_template_form_offers_the_layouts(client, administrator, template):
    client.force_login(administrator)
    html = client.get(
        reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk])
    ).content.decode()
    for layout in CertificateLayout.values:
        assert f'value="{layout}"' in html
    assert 'name="issue_place"' in html and 'name="seal_text"' in html
    preview_url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk])
    assert preview_url in html  # the preview panel
