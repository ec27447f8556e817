"""A URLconf for tests/home/test_page_cache.py: plain views under the language prefixes."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import get_language

from home.page_cache import cache_for_anonymous


def verification(request, code):
    return HttpResponse(f"<p>Certificate {code} is valid ({get_language()}).</p>")


urlpatterns = [
    path("v/<str:code>/", cache_for_anonymous(verification)),
    path("elsewhere/<str:code>/", cache_for_anonymous(verification)),
]
urlpatterns += i18n_patterns(
    path("verify/<str:code>/", cache_for_anonymous(verification)),
    path("plain/<str:code>/", verification),
)
