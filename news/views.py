from django.shortcuts import redirect, render
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_GET

from news.models import ShortLink


@require_GET
def short_link(request, code):
    """/s/<code>/ → the article in the reader's language.

    When the article exists only in another language the reader is told so and chooses, rather than
    being switched to that language without a word.
    """
    link = ShortLink.objects.filter(code=code).first()
    versions = link.versions() if link else {}
    if not versions:
        response = render(request, "news/short_link_not_found.html", {"code": code[:16]}, status=404)
        response.final_404 = True
        return response
    language = get_language_from_request(request)
    if language in versions:
        return redirect(versions[language].url)
    return render(request, "news/short_link_other_language.html", {"versions": versions.values()})
