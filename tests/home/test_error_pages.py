"""A missing page or a server error answers with the site's own pages, in the reader's language.

`make run` serves the demo with cms.settings.dev: it must show these pages too, never Django's debug
page listing every URL pattern (DJANGO_DEBUG=1 brings that back for development).
"""

import os
import subprocess
import sys

from django.test import RequestFactory

from home.views import server_error


def test_the_demo_settings_do_not_debug_unless_asked():
    def debug_with(env):
        env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}, **env}
        code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert debug_with({}) == "False"
    assert debug_with({"DJANGO_DEBUG": "1"}) == "True"


def test_a_missing_page_is_the_sites_own_page_in_the_readers_language(client, site_tree):
    indonesian = client.get("/id/tidak-ada-halaman-ini/")
    assert indonesian.status_code == 404
    assert "Halaman tidak ditemukan" in indonesian.text
    assert 'href="/id/"' in indonesian.text and "/id/search/" in indonesian.text
    english = client.get("/en/no-such-page/")
    assert english.status_code == 404
    assert "Page not found" in english.text and 'href="/en/"' in english.text


def test_a_server_error_page_offers_home_and_search_in_both_languages():
    request = RequestFactory().get("/id/")
    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    text = response.content.decode()
    assert 'href="/id/"' in text and 'href="/en/"' in text and 'href="/id/search/"' in text
