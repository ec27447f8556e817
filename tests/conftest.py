import pytest

from django.core.cache import cache

from courses.models import CourseFacilitator, CourseIndexPage
from courses.staff import FACILITATORS
from home import routing
from home.groups import EDITORS
from home.site_tree import ensure_site_tree, publish
from tests.factories import build_course, staff_user


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    routing.forget()
    yield
    cache.clear()
    routing.forget()


class BrokenCache:
    """A cache whose every call fails, as Redis does when it is down."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


@pytest.fixture
def cache_down(monkeypatch):
    """The page cache and the content cache find their cache down."""
    monkeypatch.setattr("home.content_cache.page_cache", BrokenCache)
    monkeypatch.setattr("home.page_cache.page_cache", BrokenCache)


@pytest.fixture
def content_cache_on(settings):
    """The content cache as in production (the test settings leave it off; see cms/settings/test.py)."""
    settings.CONTENT_CACHE_ENABLED = True


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


@pytest.fixture
def course_index(site_tree):
    index = CourseIndexPage.objects.child_of(site_tree.home["id"]).first()
    if index is None:
        index = site_tree.home["id"].add_child(instance=CourseIndexPage(title="Pelatihan", slug="pelatihan"))
        publish(index)
    return index.specific


@pytest.fixture
def course(course_index):
    return build_course(course_index, "Pelatihan Kabupaten/Kota HAM", "pelatihan-kota-ham")


@pytest.fixture
def other_course(course_index):
    return build_course(course_index, "Pelatihan Bisnis dan HAM", "pelatihan-bisnis-ham", sessions=1)


@pytest.fixture
def facilitator(course):
    user = staff_user("fasilitator", FACILITATORS)
    CourseFacilitator.objects.create(page=course, user=user)
    return user


@pytest.fixture
def editor(db):
    return staff_user("editor", EDITORS)
