"""Which language the verification pages speak.

/v/ is outside the language prefixes because it is printed and put in QR codes: the page speaks the
reader's language as negotiated elsewhere on the site (the language cookie, then Accept-Language), and
``?lang=id|en`` chooses one explicitly, which is what the language links on the page use. Both are
part of the page-cache key, and a purge of /v/<code>/ covers its ``?lang=`` variants.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info


def use_language(request):
    """Activate ?lang= when it names one of our languages; tell the header's switcher where each language is."""
    code = request.GET.get("lang")
    if code in dict(settings.LANGUAGES):
        translation.activate(code)
        request.LANGUAGE_CODE = code
    request.language_urls = {code: url_in_language(request, code) for code, _name in settings.LANGUAGES}


def url_in_language(request, code):
    query = [(name, value) for name, value in request.GET.items() if name != "lang"] + [("lang", code)]
    return f"{request.path}?{urlencode(query)}"


def other_languages(request):
    current = translation.get_language()
    return [
        {"code": code, "name": get_language_info(code)["name_local"], "url": request.language_urls[code]}
        for code, _name in settings.LANGUAGES
        if code != current
    ]


def with_language(url, request):
    """`url` keeping the explicitly chosen language, if any."""
    code = request.GET.get("lang")
    return f"{url}?{urlencode({'lang': code})}" if code in dict(settings.LANGUAGES) else url
