from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_order = 210
    list_display = ["name", "role"]
    search_fields = ["name", "role"]


register_snippet(PersonViewSet)
