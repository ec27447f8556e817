from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from news.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_order = 200
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)
