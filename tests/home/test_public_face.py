"""The institution's identity (site settings), the header and footer, and the curated home page."""

import datetime

from django.core import mail
from django.utils import timezone

from home.models import SiteSettings
from home.site_tree import publish
from tests.factories import NewsArticlePageFactory, build_course, still_enrolling


def test_identity_from_site_settings_in_header_and_footer(client, site_tree):
    identity = SiteSettings.for_site(site_tree.site)
    identity.site_name = "Portal Uji"
    identity.address = "Jl. Latuharhary No. 4B, Menteng"
    identity.phone = "+62 21 392 5230"
    identity.email = "info@example.org"
    identity.facebook_url = "https://www.facebook.com/contoh"
    identity.ppid_url = "https://ppid.example.org/"
    identity.save()

    html = client.get("/id/").content.decode()
    assert "<h1>Portal Uji" in html  # the home page's H1 names the site
    assert 'class="brand-name">Portal Uji<' in html
    assert "Jl. Latuharhary No. 4B, Menteng" in html
    assert 'href="tel:+62213925230"' in html and 'href="mailto:info@example.org"' in html
    assert 'href="https://www.facebook.com/contoh"' in html and 'href="https://ppid.example.org/"' in html
    assert 'href="/id/privacy/"' in html  # the site's own privacy notice by default
    assert 'role="search"' in html and 'name="q"' in html
    assert '<details class="phone-menu">' in html and "<summary>" in html
    assert 'rel="icon"' in html and 'rel="apple-touch-icon"' in html and 'name="theme-color"' in html


def test_search_box_in_the_header_of_an_article(client, site_tree):
    article = NewsArticlePageFactory.build()
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    assert 'role="search"' in client.get(article.url).content.decode()


def test_lead_story_is_the_editors_choice_else_the_newest(client, site_tree):
    articles = []
    for day in range(1, 5):
        article = NewsArticlePageFactory.build(title=f"Kabar hari ke-{day}", date=datetime.date(2021, 9, day))
        site_tree.news["id"].add_child(instance=article)
        articles.append(publish(article))

    html = client.get("/id/").content.decode()
    lead = html[html.index('class="lead-story"') :]
    assert lead.index("Kabar hari ke-4") < lead.index('class="cards"')

    home = site_tree.home["id"]
    home.lead_story = articles[0]
    publish(home)
    html = client.get("/id/").content.decode()
    lead = html[html.index('class="lead-story"') :]
    assert lead.index("Kabar hari ke-1") < lead.index('class="cards"')
    assert html.count("Kabar hari ke-1<") == 1  # not repeated among the cards


def test_home_page_lists_upcoming_trainings_with_an_enrol_button(client, site_tree, course_index):
    today = timezone.localdate()
    past = build_course(course_index, "Pelatihan lama", "lama", sessions=0)
    soon = build_course(
        course_index,
        "Pelatihan Bisnis dan HAM",
        "bisnis-ham",
        sessions=0,
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=12),
    )
    html = client.get("/id/").content.decode()
    section = html[html.index('id="upcoming-trainings"') :]
    assert soon.title in section and past.title not in section
    assert f'href="{soon.url}#enrolment-heading"' in section
    cta = html[html.index('id="verify-cta"') :]
    assert cta.index('href="/v/"') < cta.index("</section>")  # the verification call to action


def test_course_page_offers_sign_up_that_returns_to_the_course(client, site_tree, course_index):
    course = build_course(course_index, "Pelatihan Kota HAM", "kota-ham", sessions=0, end_date=still_enrolling())
    html = client.get(course.url).content.decode()
    assert f'href="/id/accounts/signup/?next={course.url}"' in html
    assert f'href="/id/accounts/login/?next={course.url}"' in html

    response = client.post(
        f"/id/accounts/signup/?next={course.url}",
        {"email": "peserta@example.org", "password1": "Kota-HAM-2021!", "password2": "Kota-HAM-2021!"},
    )
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/confirm-email/" in line).strip()
    response = client.post(link[link.index("/", link.index("//") + 2) :])
    assert response.status_code == 302 and response["Location"] == course.url
