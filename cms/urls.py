from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import search as site_search
from home import views as home_views
from home.security import AdminLoginView
from home.sitemaps import LocalizedSitemap
from news import views as news_views

urlpatterns = [
    # Wagtail's login with a throttle on failed attempts (home/security.py).
    path("admin/login/", AdminLoginView.as_view(), name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("s/<str:code>/", news_views.short_link, name="short_link"),
    path("", include("courses.certificates.verification_urls")),  # /v/… certificate verification
    path("", include("courses.certificates.urls")),  # /certificates/<pk>/pdf/ downloads
    path("", include("courses.certificates.alumni_urls")),  # /certificates/<pk>/alumni/ the holder's opt-in
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("health/", home_views.health, name="health"),
    path("health/ready/", home_views.ready, name="health_ready"),
]

handler500 = "home.views.server_error"

if settings.SERVE_MEDIA:
    # The demo and development serve uploaded media themselves (static files come from WhiteNoise);
    # production leaves media to the web server or the object store.
    from django.views.static import serve

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += i18n_patterns(
    path("search/", site_search.search, name="search"),
    path("accounts/", include("allauth.urls")),
    path("", include("courses.urls")),
    path("", include("courses.community.urls")),
    path("", include("courses.quiz.urls")),
    # Wagtail's own password form for private pages would be a login without allauth's
    # throttling (and for staff, without Wagtail's): send it to allauth's.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    # Wagtail's page view with fewer queries for routing (home/routing.py), then Wagtail's own URLs.
    re_path(wagtail_urls.serve_pattern, home_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
)
