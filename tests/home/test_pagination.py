"""The shared pagination helper: a reader's odd page number never raises."""

import pytest

from django.test import RequestFactory

from home.pagination import paginate

ITEMS = list(range(25))


@pytest.mark.parametrize(
    ("query", "expected_number"),
    [("", 1), ("?page=2", 2), ("?page=3", 3), ("?page=abc", 1), ("?page=", 1), ("?page=999", 3), ("?page=-1", 3)],
)
def test_page_number_falls_back_to_a_real_page(query, expected_number):
    page = paginate(RequestFactory().get(f"/news/{query}"), ITEMS, per_page=10)
    assert page.number == expected_number
    assert list(page) == ITEMS[(expected_number - 1) * 10 : expected_number * 10]


def test_an_empty_listing_has_one_empty_page():
    page = paginate(RequestFactory().get("/news/?page=4"), [], per_page=10)
    assert page.number == 1 and list(page) == []
