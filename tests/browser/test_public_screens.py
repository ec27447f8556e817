"""The public face at phone and desktop width: home, news index, article, course page and certificate
verification, with the certificate's first page beside them.

Each page is checked for sideways scrolling at 320, 360 and 375 px, for tap targets of at least
24 px in the header, footer, cards and share links, and with axe-core (no violation of any
impact); screenshots at 360 and 1280 px are saved (to $SCREENSHOTS_DIR, else test-artifacts/), and
the certificate's PDF page is saved as pictures 360 and 1280 px wide.
"""

import datetime
import gzip
import os
import urllib.request
from pathlib import Path

import pypdfium2
import pytest
from axe_playwright_python.sync_playwright import Axe

from django.utils import timezone

from courses.certificates.models import Certificate, CertificateTemplate
from courses.certificates.pdf.render import render_pdf
from courses.models import CourseIndexPage
from home.models import SiteSettings
from news.models import NewsArticlePage
from tests.browser.test_reader_journey import ARTIFACTS, TITLE_ID, seed_article
from tests.factories import build_course

SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or ARTIFACTS)
PHONE_WIDTHS = (320, 360, 375)
ASSETS = ("css/site.css", "js/site.js")  # all the CSS and JS an article loads
TAP_TARGETS = ".site-header a, .site-header summary, .site-header button, .site-footer a, .card a, .share a, .button"


def small_tap_targets(page):
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((el) => el.offsetParent !== null)
            .map((el) => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
            .filter(([, box]) => box.height < 24 || box.width < 24)
            .map(([html]) => html)""",
        TAP_TARGETS,
    )


def save_certificate_pictures(certificate):
    """The certificate's first page as pictures 360 and 1280 px wide, beside the screenshots."""
    document = pypdfium2.PdfDocument(render_pdf(certificate))
    try:
        page = document[0]
        for width in (360, 1280):
            page.render(scale=width / page.get_width()).to_pil().save(SHOTS / f"certificate-{width}.png")
    finally:
        document.close()


def issued_certificate(course):
    template = CertificateTemplate.objects.create(
        name="PKH",
        is_default=True,
        issue_place="Jakarta",
        seal_text="Komnas HAM · Republik Indonesia",
        body_id="Diberikan kepada\n{name}\nsebagai peserta {course}, {start} sampai {end} ({hours} JP).",
        body_en="Awarded to\n{name}\nfor taking part in {course}, {start} to {end} ({hours} JP).",
    )
    signatory = {"position_id": "Komisioner Komnas HAM", "position_en": "Commissioner, Komnas HAM", "signature": None}
    return Certificate.objects.create(
        course_key=course.course_key,
        holder_name="Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat",
        course_title_id=course.title,
        course_title_en="Human Rights Regency/City Training",
        course_start_date=course.start_date,
        course_end_date=course.end_date,
        learning_hours=30,
        number="001/PKH/IX/2026",
        year=course.start_date.year,
        sequence=1,
        template=template,
        signatories=[{**signatory, "name": "Dr. Ratna Wulandari Siregar, S.H., M.H."}],
    )


def check(page, name):
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} scrolls sideways at {width} px ({scroll_width} px wide)"
        assert not small_tap_targets(page), f"{name}: tap targets under 24 px at {width} px"
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=SHOTS / f"{name}-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=SHOTS / f"{name}-1280.png", full_page=True)
    violations = Axe().run(page).response["violations"]
    assert not violations, f"axe-core on {name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}" for v in violations
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_at_phone_and_desktop_width(browser_page, live_server):
    article = seed_article()
    identity = SiteSettings.for_site(article.get_site())
    identity.tagline = "Berita dan pelatihan hak asasi manusia"
    identity.address = "Jl. Latuharhary No. 4B, Menteng, Jakarta Pusat 10310"
    identity.phone = "+62 21 392 5230"
    identity.email = "info@komnasham.go.id"
    identity.twitter_handle = "komnasham"
    identity.ppid_url = "https://ppid.komnasham.go.id/"
    identity.save()
    today = timezone.localdate()
    course_index = CourseIndexPage.objects.filter(locale__language_code="id").first()
    course = build_course(
        course_index,
        "Pelatihan Kabupaten/Kota HAM bagi Aparatur Pemerintah Daerah",
        "pelatihan-kota-ham",
        start_date=today + datetime.timedelta(days=14),
        end_date=today + datetime.timedelta(days=16),
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page

    page.goto(f"{live_server.url}/id/")
    check(page, "home")
    page.goto(f"{live_server.url}{article.get_parent().url}")
    check(page, "news-index")
    article_url = f"{live_server.url}{NewsArticlePage.objects.get(title=TITLE_ID).url}"
    page.goto(article_url)
    check(page, "article")
    html = urllib.request.urlopen(article_url).read()  # noqa: S310 (the test's own server)
    static = Path(__file__).resolve().parents[2] / "static"
    weight = sum(len(gzip.compress(data)) for data in (html, *(static.joinpath(f).read_bytes() for f in ASSETS)))
    assert weight <= 60 * 1024, f"the article weighs {weight} bytes gzipped (budget 60 KB)"
    page.goto(f"{live_server.url}{course.url}")
    check(page, "course")
    certificate = issued_certificate(course)
    page.goto(f"{live_server.url}{certificate.verification_path}")
    check(page, "verification")
    save_certificate_pictures(certificate)
    assert (SHOTS / "certificate-1280.png").exists() and (SHOTS / "certificate-360.png").exists()

    page.set_viewport_size({"width": 360, "height": 800})
    page.locator(".phone-menu summary").click()
    assert page.locator(".phone-menu nav").is_visible()
