from django.shortcuts import redirect, render
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_GET

from news.models import ShortLink


@require_GET
def short_link(request, code):
    """/s/<code>/ → the article in the reader's language when it exists."""
    link = ShortLink.objects.filter(code=code).first()
    page = link.resolve(get_language_from_request(request)) if link else None
    if page is None:
        response = render(request, "news/short_link_not_found.html", {"code": code[:16]}, status=404)
        response.final_404 = True
        return response
    return redirect(page.url)
