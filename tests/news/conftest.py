"""The seed article every news test starts from."""

import datetime

import pytest

from home.site_tree import publish
from tests.factories import CategoryFactory, PersonFactory, make_article


@pytest.fixture
def article(site_tree):
    category = CategoryFactory()
    page = make_article(
        site_tree.news["id"],
        title="Komnas HAM Dukung Semarang Menuju Kota HAM",
        slug="semarang-kota-ham",
        lead="Komnas HAM mendukung penyusunan peta jalan Semarang Kota HAM.",
        category=category,
        editor=PersonFactory(name="Sri Rahayu"),
        date=datetime.date(2021, 8, 31),
    )
    page.writers.create(person=PersonFactory(name="Utari Putri Wardanti"))
    page.tags.add("kota-ham")
    return publish(page)
