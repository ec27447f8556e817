from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a view can mark its 404 as final.

    Django turns any 404 outside the language prefixes into a redirect to /id/<path>, which
    Wagtail then answers with its own 404; an unknown short link should say so directly.
    """

    def process_response(self, request, response):
        if getattr(response, "final_404", False):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
