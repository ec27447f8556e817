"""home/content_cache.py: values kept under the page cache's generation, built once per generation."""

import pytest

from home.content_cache import remember_many
from home.page_cache import bump_generation

pytestmark = pytest.mark.usefixtures("content_cache_on")


class Builder:
    def __init__(self):
        self.asked = []

    def __call__(self, missing):
        self.asked.append(sorted(missing))
        return {key: f"{key} v{len(self.asked)}" for key in missing}


@pytest.fixture
def build():
    return Builder()


def test_values_are_built_once_then_read_from_the_cache(build):
    assert remember_many(["a", "b"], build) == {"a": "a v1", "b": "b v1"}
    assert remember_many(["a", "b"], build) == {"a": "a v1", "b": "b v1"}
    assert build.asked == [["a", "b"]]


def test_only_the_missing_keys_are_built(build):
    remember_many(["a"], build)
    assert remember_many(["a", "b"], build) == {"a": "a v1", "b": "b v2"}
    assert build.asked == [["a"], ["b"]]


def test_a_new_generation_builds_afresh(build):
    remember_many(["a"], build)
    bump_generation()  # what a publish does once it commits
    assert remember_many(["a"], build) == {"a": "a v2"}


def test_no_keys_ask_nothing(build):
    assert remember_many([], build) == {}
    assert build.asked == []


def test_a_cache_that_is_down_builds_every_time(build, cache_down):
    assert remember_many(["a"], build) == {"a": "a v1"}
    assert remember_many(["a"], build) == {"a": "a v2"}


def test_a_cache_that_cannot_store_still_answers(build, monkeypatch):
    from django.core.cache import cache

    def fail(*args, **kwargs):
        raise ConnectionError("Redis is read-only")

    monkeypatch.setattr(cache, "set_many", fail)
    monkeypatch.setattr("home.content_cache.page_cache", lambda: cache)
    assert remember_many(["a"], build) == {"a": "a v1"}


def test_switched_off_it_builds_every_time(build, settings):
    settings.CONTENT_CACHE_ENABLED = False
    remember_many(["a"], build)
    assert remember_many(["a"], build) == {"a": "a v2"}
