import pytest

from django.core.cache import cache

from home.site_tree import ensure_site_tree


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site_tree(db):
    """Home page and news index in Indonesian and English, with the default site on testserver."""
    tree = ensure_site_tree(hostname="testserver", port=80)
    tree.site.hostname, tree.site.port = "testserver", 80
    tree.site.save()
    return tree


@pytest.fixture
def locales(db):
    from wagtail.models import Locale

    return {code: Locale.objects.get(language_code=code) for code in ("id", "en")}
