from django.core.paginator import Paginator


def paginate(request, queryset, per_page=10):
    """The site's one pagination helper: junk or out-of-range page numbers fall back sanely.

    Django's `get_page` gives the first page for a number that is not one and the last page for
    one past the end, so `?page=abc` or `?page=999` never raises.
    """
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
