from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a view can mark its 404 as final.

    Django turns any 404 outside the language prefixes into a redirect to /id/<path>, which
    Wagtail then answers with its own 404. The admin, documents and short links live outside
    the prefixes, so their 404s are final.
    """

    NON_LOCALIZED_PREFIXES = ("/admin/", "/documents/", "/s/", "/health/")

    def process_response(self, request, response):
        if getattr(response, "final_404", False) or request.path_info.startswith(self.NON_LOCALIZED_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
